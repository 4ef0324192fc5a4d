using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class ReuseBeforeGracePeriodTests
{
    private static void RetractFreeRealloc(Machine m, bool waitForReaders)
    {
        var (mm, _, _) = Programs.MappedPage(m);
        Programs.PmdSnapshotReader(m, mm);
        m.Spawn("khugepaged", () =>
        {
            var table = GenericPageTables.Retract(m, mm, Programs.Address);
            if (waitForReaders)
            {
                m.SynchronizeRcu();
            }

            GenericPageTables.PteFree(m, mm, table);
            using var frame = m.Enter("page_table_alloc");
            m.AllocPage();
        });
    }

    [Fact]
    public void PageReallocatedWhileAReaderFromBeforeTheDetachIsInItsSection_IsReported()
    {
        var report = KernelRuns.Explore(m => RetractFreeRealloc(m, waitForReaders: false), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

        Assert.Contains("BUG: EMU: reuse-before-grace-period in page_table_alloc (pte fragment 0 of page", report);
        Assert.Contains("the page allocator hands out", report);
        Assert.Contains("Reader still in a covering section: T", report);
        Assert.Contains("Table detached from its pmd by T", report);
    }

    [Fact]
    public void PageReallocatedAfterAGracePeriod_IsClean() =>
        KernelRuns.Explore(m => RetractFreeRealloc(m, waitForReaders: true), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    private static void HalfHandedOutAgain(Machine m, Action<Machine> between)
    {
        var (mm, table, _) = Programs.MappedPage(m);
        Programs.RcuPmdSnapshotReader(m, mm);
        m.Spawn("khugepaged", () =>
        {
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            GenericPageTables.Retract(m, mm, Programs.Address);
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            between(m);
            using var frame = m.Enter("page_table_alloc");
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
        });
    }

    [Fact]
    public void ABitSetAgainDuringTheReadersSection_IsReported()
    {
        var report = KernelRuns.Explore(m => HalfHandedOutAgain(m, _ => { }), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

        Assert.Contains("its A bit is set again (fragment mask 0x0 -> 0x1)", report);
    }

    [Fact]
    public void ABitSetAgainAfterSynchronizeRcu_IsClean() =>
        KernelRuns.Explore(m => HalfHandedOutAgain(m, mm => mm.SynchronizeRcu()), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void IpiSyncIsNoGracePeriodForRcuReaders_Catalogue19() =>
        KernelRuns.Explore(m => HalfHandedOutAgain(m, mm => mm.TlbRemoveTableSyncOne()), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

    [Fact]
    public void TableQueuedInABatch_HandedOutBeforeItsCallback_IsReported()
    {
        var report = KernelRuns.Explore(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            var tlb = m.TlbGatherMmu(mm, _ => { });
            m.PmdClear(m.PmdOffset(mm, Programs.Address));
            m.TlbRemoveTable(tlb, table.Address | 1);
            m.TlbFinishMmu(tlb);
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
        }, KernelRuns.Dpor(), new MachineOptions { ExploreBatchAllocationFailure = false })
            .AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

        Assert.Contains("still queued for RCU freeing by tlb_remove_table", report);
    }

    [Fact]
    public void TableHandedOutAfterRcuBarrier_IsClean() =>
        KernelRuns.Explore(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            var tlb = m.TlbGatherMmu(mm, _ => { });
            m.PmdClear(m.PmdOffset(mm, Programs.Address));
            m.TlbRemoveTable(tlb, table.Address | 1);
            m.TlbFinishMmu(tlb);
            m.RcuBarrier();
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
        }, KernelRuns.Dpor(), new MachineOptions { ExploreBatchAllocationFailure = false }).AssertClean(exhaustive: true);

    [Fact]
    public void TableAttachedAgainDuringTheReadersSection_IsReported()
    {
        var report = KernelRuns.Explore(m =>
        {
            var (mm, _, _) = Programs.MappedPage(m);
            Programs.RcuPmdSnapshotReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                m.PmdPopulate(mm, m.PmdOffset(mm, Programs.Address + (4UL << PageTableBits.PmdShift)), table);
            });
        }, KernelRuns.Dpor()).AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

        Assert.Contains("a pmd points to it again", report);
    }

    /// <summary>
    /// collapse_huge_page (mm/khugepaged.c) when isolation fails: under the pmd lock it clears the pmd with
    /// pmdp_collapse_flush, then puts the same, unmodified table back with pmd_populate(mm, pmd,
    /// pmd_pgtable(_pmd)). gup_fast holding the old pmd value walks a table that is still the live one.
    /// </summary>
    private static void AbortedCollapse(Machine m, bool queueFirst)
    {
        var (mm, _, _) = Programs.MappedPage(m);
        Programs.GupFastReader(m, mm);
        m.Spawn("khugepaged", () =>
        {
            using var frame = m.Enter("collapse_huge_page");
            var pmdp = m.PmdOffset(mm, Programs.Address);
            var pml = m.PmdLock(mm, pmdp);
            var pmd = m.PmdpCollapseFlush(pmdp);
            m.SpinUnlock(pml);
            var table = m.PmdPgtable(pmd);
            if (queueFirst)
            {
                GenericPageTables.PteFreeDefer(m, mm, table);
            }

            pml = m.PmdLock(mm, pmdp);
            m.PmdPopulate(mm, pmdp, table);
            m.SpinUnlock(pml);
        });
    }

    [Fact]
    public void AbortedCollapsePuttingTheSameTableBackIntoItsPmd_IsClean() =>
        KernelRuns.Explore(m => AbortedCollapse(m, queueFirst: false), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void TablePutBackIntoItsPmdAfterBeingQueuedForFreeing_IsReported()
    {
        var report = KernelRuns.Explore(m => AbortedCollapse(m, queueFirst: true), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

        Assert.Contains("a pmd points to it again", report);
    }
}
