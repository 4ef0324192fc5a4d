using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class DeferredFreeWriteTests
{
    /// <summary>Jason's objection (M4): list pointers stored into a detached table before its grace period.</summary>
    private static void WriteIntoDetachedTable(Machine m, bool waitForReaders)
    {
        var (mm, _, _) = Programs.MappedPage(m);
        Programs.GupFastReader(m, mm);
        m.Spawn("khugepaged", () =>
        {
            var table = GenericPageTables.Retract(m, mm, Programs.Address);
            if (waitForReaders)
            {
                m.SynchronizeRcu();
            }

            using var frame = m.Enter("page_table_free_rcu");
            m.InitListHead(ListHead.At(m, table.Address));
        });
    }

    [Fact]
    public void StoreIntoADetachedTableWhileGupFastMayWalkIt_IsReported()
    {
        var report = KernelRuns.Explore(m => WriteIntoDetachedTable(m, waitForReaders: false), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.WriteAfterDeferredFree);

        Assert.Contains("BUG: EMU: write-after-deferred-free in page_table_free_rcu (pte fragment 0 of page", report);
        Assert.Contains("may still be walking it", report);
        Assert.Contains("Reader still in a covering section: T1 \"gup_fast\"", report);
        Assert.Contains("as list_head.next", report);
    }

    [Fact]
    public void StoreIntoADetachedTableAfterAGracePeriod_IsClean() =>
        KernelRuns.Explore(m => WriteIntoDetachedTable(m, waitForReaders: true), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void PteNoneStoreIntoAQueuedTable_IsStillReported() =>
        KernelRuns.Once(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            var detached = GenericPageTables.Retract(m, mm, Programs.Address);
            m.RcuReadLock(); // holds the grace period, so the table is still queued at the store
            GenericPageTables.PteFreeDefer(m, mm, detached);
            m.SetPte(table.Entry(3).Address, PageTableBits.PageInvalid);
            m.RcuReadUnlock();
        }).AssertFinds(FindingKinds.WriteAfterDeferredFree);
}
