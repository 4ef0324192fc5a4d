using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Designs;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>v6.8: one table per page, no fragment bookkeeping, the generic pte_free_defer.</summary>
public class V68FullPageTests
{
    [Fact]
    public void EveryTable_TakesAPageOfItsOwn_WithTheUpperHalfZeroAndLruEmpty()
    {
        PteTable t0 = default, t1 = default;
        ulong lastPte = 0, upper = 0;
        uint mask = 1;
        var lruEmpty = false;
        PortRuns.Once(m =>
        {
            var pgt = new V68FullPage(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            t1 = pgt.PageTableAlloc(mm);
            lastPte = m.Load(t0.Entry(255));
            upper = m.Load(t0.Address + 0x800);
            mask = Probe.Byte(m, t0);
            lruEmpty = m.ListEmpty(t0.Page.Lru);
        }).AssertClean();

        Assert.NotEqual(t0.Page, t1.Page);
        Assert.Equal(0, t1.Half);
        Assert.Equal(0x400UL, lastPte);
        Assert.Equal(0UL, upper);
        Assert.Equal(0u, mask);
        Assert.True(lruEmpty);
    }

    [Fact]
    public void PteFreeDefer_FreesThePageAfterAGracePeriod()
    {
        bool releasedAtOnce = true, releasedLater = false;
        PortRuns.Once(m =>
        {
            var pgt = new V68FullPage(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            releasedAtOnce = Probe.Released(m, t0);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            releasedLater = Probe.Released(m, t0);
        }).AssertClean();

        Assert.False(releasedAtOnce);
        Assert.True(releasedLater);
    }

    [Fact]
    public void FreeThroughMmuGather_RunsTheDtorAndFreesAfterTheBatch()
    {
        bool tableFlagBefore = false, released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V68FullPage(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            tableFlagBefore = m.PageTable(t0.Page);
            Probe.FreeThroughGather(m, pgt, mm, t0);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, t0);
        }).AssertClean();

        Assert.True(tableFlagBefore);
        Assert.True(released, "a leftover PageTable flag would have been reported as a bad page state");
    }
}
