using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Designs;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>The merged v6.6 design: PageActive pages are never relisted and go through one call_rcu.</summary>
public class V66PageActiveTests
{
    [Fact]
    public void FreeWithOtherHalfAllocated_RelistsAPageThatIsNotActive()
    {
        PteTable t0 = default, again = default;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            pgt.PageTableAlloc(mm);
            pgt.PageTableFree(mm, t0);
            again = pgt.PageTableAlloc(mm);
        }).AssertClean();

        Assert.Equal(t0, again);
    }

    [Fact]
    public void PteFreeDefer_WithOtherHalfAllocated_MarksThePageActive_AndNeverRelistsIt()
    {
        PteTable t0 = default, next = default;
        uint mask = 0;
        bool active = false, listed = true;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            pgt.PageTableAlloc(mm);
            pgt.PteFreeDefer(mm, t0);
            mask = Probe.Byte(m, t0);
            active = m.PageActive(t0.Page);
            listed = !Probe.ListEmpty(m, mm);
            next = pgt.PageTableAlloc(mm);
        }).AssertClean();

        Assert.Equal(0x02u, mask);
        Assert.True(active);
        Assert.False(listed, "an Active page is never on pgtable_list");
        Assert.NotEqual(t0.Page, next.Page);
    }

    [Fact]
    public void PteFreeDefer_OfTheLastHalf_FreesThePageOnlyAfterAGracePeriod()
    {
        bool releasedAtOnce = true, activeAfterDefer = true, listed = true, releasedLater = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            releasedAtOnce = Probe.Released(m, t0);
            activeAfterDefer = m.PageActive(t0.Page);
            listed = !Probe.ListEmpty(m, mm);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            releasedLater = Probe.Released(m, t0);
        }).AssertClean();

        Assert.False(releasedAtOnce, "the page waits for call_rcu's grace period");
        Assert.False(activeAfterDefer, "TestClearPageActive consumed the mark before call_rcu");
        Assert.False(listed);
        Assert.True(releasedLater);
    }

    [Fact]
    public void ActivePage_SiblingFreedThroughMmuGather_IsNotRelisted_AndIsFreedThroughRcu()
    {
        bool listedAfterFreeRcu = true, releasedAfterBatch = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            var t1 = pgt.PageTableAlloc(mm);
            pgt.PteFreeDefer(mm, t0);
            Probe.FreeThroughGather(m, pgt, mm, t1);
            listedAfterFreeRcu = !Probe.ListEmpty(m, mm);
            Probe.WaitForCallbacks(m);
            releasedAfterBatch = Probe.Released(m, t1);
        }).AssertClean();

        Assert.False(listedAfterFreeRcu, "page_table_free_rcu does not list_add_tail an Active page");
        Assert.True(releasedAfterBatch);
    }

    [Fact]
    public void PgsteTable_GetsAnEmptyLru_SoListDelInitIsSafe()
    {
        var released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc(pgste: true);
            var table = pgt.PageTableAlloc(mm);
            pgt.PageTableFree(mm, table);
            released = Probe.Released(m, table);
        }).AssertClean();

        Assert.True(released);
    }

    /// <summary>v6.6's pte_free_defer keeps WARN_ON_ONCE(mm_has_pgste(mm)) until 5647f61ad917: it reports.</summary>
    [Fact]
    public void PteFreeDeferOnAPgsteMm_Warns()
    {
        var report = PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc(pgste: true);
            var table = pgt.PageTableAlloc(mm);
            pgt.PteFreeDefer(mm, table);
        }).AssertFinds(FindingKinds.Warning);

        Assert.Contains("WARN_ON_ONCE(m.MmHasPgste(mm))", report);
        Assert.Contains("V66PageActive.cs:", report);
    }

    [Fact]
    public void PteFreeDeferOnAnMmWithoutPgste_DoesNotWarn() =>
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            var table = pgt.PageTableAlloc(mm);
            pgt.PteFreeDefer(mm, table);
            m.RcuBarrier();
        }).AssertClean();
}
