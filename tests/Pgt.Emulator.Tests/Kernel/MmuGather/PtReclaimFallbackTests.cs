using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Pgt.Emulator.Walkers;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// CONFIG_PT_RECLAIM's no-batch fallback (__tlb_remove_table_one through call_rcu, e74e17310120) and the
/// ptl's lifetime: a table detached under mmap_read_lock may still be entered by a pte_offset_map_lock
/// walker, which takes the table's ptl before it rechecks the pmd.
/// </summary>
public class PtReclaimFallbackTests
{
    private static readonly MachineOptions PtReclaim = new() { PtReclaim = true };

    [Fact]
    public void PtReclaimFallback_FreesTheTableAfterItsOwnGracePeriod_WithItsTagBits()
    {
        var outcomes = new HashSet<string>();
        var result = KernelRuns.Explore(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            var log = new List<string>();
            // Through its own page's rcu_head (the fallback) or the batch's: the head's func word tells.
            var tlb = m.TlbGatherMmu(mm, t => log.Add($"free {t - table.Address}@gp{m.RcuCompletedGracePeriods()}"
                + (m.Load(table.Page.RcuHead.Address + 8, View.RcuHeadFunc) != 0 ? " alone" : " batched")));
            m.PmdClear(m.PmdOffset(mm, Programs.Address));
            m.TlbRemoveTable(tlb, table.Address | 1);
            log.Add("removed");
            m.TlbFinishMmu(tlb);
            m.Execution.AtEnd(() => outcomes.Add(string.Join(",", log)));
        }, KernelRuns.Dfs(), PtReclaim);

        result.AssertClean(exhaustive: true);
        // The batch page allocated, or not (the explored choice): the table is freed after a grace period either way.
        Assert.Equal(["removed,free 1@gp1 alone", "removed,free 1@gp1 batched"], outcomes.Order());
    }

    [Fact]
    public void SelectPtReclaim_AfterAStrandStarted_Throws()
    {
        Exception? thrown = null;
        KernelRuns.Once(m =>
        {
            m.Spawn("other", () => { });
            thrown = Record.Exception(m.SelectPtReclaim);
        }).AssertClean();

        Assert.IsType<InvalidOperationException>(thrown);
    }

    [Fact]
    public void SelectPtReclaim_BeforeAnyStrand_ConfiguresThisExecution()
    {
        var seen = false;
        KernelRuns.Once(m =>
        {
            m.SelectPtReclaim();
            seen = m.PtReclaim;
        }).AssertClean();

        Assert.True(seen);
    }

    [Fact]
    public void DtorInTlbRemoveTable_PtReclaim_WalkerKeepsItsPtl() =>
        KernelRuns.Explore(m => ReclaimUnderWalker(m, dtorFirst: false), KernelRuns.Dpor(), PtReclaim)
            .AssertClean(exhaustive: true);

    [Fact]
    public void DtorBeforeTlbRemoveTable_PtReclaim_WalkerLocksADestroyedPtl()
    {
        var report = KernelRuns.Explore(m => ReclaimUnderWalker(m, dtorFirst: true), KernelRuns.Dpor(), PtReclaim)
            .AssertFinds(FindingKinds.BadSpinlock);

        Assert.Contains("pgtable_pte_page_dtor", report);
    }

    /// <summary>
    /// Without PT_RECLAIM the fallback frees right after the IPI, which an rcu_read_lock walker does not
    /// hold off: the correct order is not enough (why the kernel moved the fallback under RCU with PT_RECLAIM).
    /// </summary>
    [Fact]
    public void DtorInTlbRemoveTable_IpiFallback_WalkerMeetsTheFreedTable() =>
        KernelRuns.Explore(m => ReclaimUnderWalker(m, dtorFirst: false), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.BadSpinlock);

    /// <summary>
    /// PT_RECLAIM's try_to_free_pte in miniature: under the pmd lock and the ptl, the table is detached,
    /// then handed to tlb_remove_table (the dtor first, as x86's ___pte_free_tlb before ee0934b03510, or in
    /// __tlb_remove_table with the free), while a pte_offset_map_lock walker looks at the address.
    /// </summary>
    private static void ReclaimUnderWalker(Machine m, bool dtorFirst)
    {
        var (mm, table, _) = Programs.MappedPage(m);
        m.Spawn("pte_offset_map_lock", () => m.WalkPte(mm, Programs.Address, takeLock: true));
        var pmdp = m.PmdOffset(mm, Programs.Address);
        var pml = m.PmdLock(mm, pmdp);
        var ptl = m.PteLockptr(mm, m.Load(pmdp, View.Pmd));
        m.SpinLock(ptl);
        m.PmdClear(pmdp);
        m.SpinUnlock(ptl);
        m.SpinUnlock(pml);
        var tlb = m.TlbGatherMmu(mm, t =>
        {
            var page = m.VirtToPage(t & PhysicalLayout.PageMask);
            if (!dtorFirst)
            {
                m.PgtablePteDtor(page);
            }

            m.FreePage(page);
        });
        if (dtorFirst)
        {
            m.PgtablePteDtor(table.Page);
        }

        m.TlbRemoveTable(tlb, table.Address);
        m.TlbFinishMmu(tlb);
    }
}
