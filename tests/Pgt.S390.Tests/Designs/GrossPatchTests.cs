using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>The gross patch: the free list runs through words 0-1 of the free halves themselves.</summary>
public class GrossPatchTests
{
    [Fact]
    public void TheFreeHalf_IsListedThroughItsOwnFirstWords_AndResetWhenHandedOut()
    {
        ulong head = 0, nextWhileFree = 0, prevWhileFree = 0, word0After = 0, word1After = 0;
        PortRuns.Once(m =>
        {
            var pgt = new GrossPatch(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            head = mm.Context.PgtableList.Address;
            var upper = new PteTable(m, t0.Address + 0x800);
            nextWhileFree = m.Load(upper.Entry(0));
            prevWhileFree = m.Load(upper.Entry(1));
            var t1 = pgt.PageTableAlloc(mm);
            word0After = m.Load(t1.Entry(0));
            word1After = m.Load(t1.Entry(1));
        }).AssertClean();

        Assert.Equal((head, head), (nextWhileFree, prevWhileFree));
        Assert.Equal((0x400UL, 0x400UL), (word0After, word1After));
    }

    [Fact]
    public void PteFreeDefer_OfAPageWithAFreeHalf_NoLongerCorruptsTheList()
    {
        uint mask = 0;
        PortRuns.Once(m =>
        {
            var pgt = new GrossPatch(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            var t1 = pgt.PageTableAlloc(mm);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            mask = Probe.Byte(m, t1);
        }).AssertClean();

        Assert.Equal(0x02u, mask);
    }

    [Fact]
    public void BothHalvesDeferred_StillQueueTheOneRcuHeadTwice()
    {
        PortRuns.Once(m =>
        {
            var pgt = new GrossPatch(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            var t1 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            pgt.PteFreeDefer(mm, t1);
        }).AssertFinds(FindingKinds.DoubleCallRcu);
    }
}
