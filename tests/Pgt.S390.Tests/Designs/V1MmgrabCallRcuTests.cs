using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>v1: mmgrab, pt_mm = mm | half, call_rcu on the page's one rcu_head.</summary>
public class V1MmgrabCallRcuTests
{
    [Fact]
    public void PteFreeDefer_RecordsMmAndHalfInPtMm_AndHoldsTheMmUntilTheCallback()
    {
        ulong mmAddress = 0, ptMm = 0, countWhilePending = 0, countAfter = 0;
        uint maskAfter = 0;
        var listedAfter = false;
        PortRuns.Once(m =>
        {
            var pgt = new V1MmgrabCallRcu(m);
            var mm = m.MmAlloc();
            mmAddress = mm.Address;
            pgt.PageTableAlloc(mm);
            var t1 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t1);
            ptMm = m.Load(t1.Page.PtMm);
            countWhilePending = m.Load(mm.MmCount);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            countAfter = m.Load(mm.MmCount);
            maskAfter = Probe.Byte(m, t1);
            listedAfter = !Probe.ListEmpty(m, mm);
        }).AssertClean();

        Assert.Equal(mmAddress + 1, ptMm);
        Assert.Equal(2UL, countWhilePending);
        Assert.Equal(1UL, countAfter);
        Assert.Equal(0x01u, maskAfter);
        Assert.True(listedAfter, "the callback's page_table_free lists the page: its lower half is allocated");
    }

    [Fact]
    public void PteFreeDefer_OfAListedPage_OverwritesLru_AndTheNextAllocationFindsTheListCorrupt()
    {
        var report = PortRuns.Once(m =>
        {
            var pgt = new V1MmgrabCallRcu(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            pgt.PageTableAlloc(mm);
        }).AssertFinds(FindingKinds.ListCorruption);

        Assert.Contains("list_del corruption", report);
        Assert.Contains("AS rcu_head.next by T0 call_rcu", report);
    }

    [Fact]
    public void BothHalvesDeferred_QueueTheOneRcuHeadTwice()
    {
        var report = PortRuns.Once(m =>
        {
            var pgt = new V1MmgrabCallRcu(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            var t1 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            pgt.PteFreeDefer(mm, t1);
        }).AssertFinds(FindingKinds.DoubleCallRcu);

        Assert.Contains("rcu_head", report);
    }
}
