using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>v2: PPHHAA bits, Hugh's rule (never listed while a half is pending), pt_mm recorded at allocation.</summary>
public class V2HhBitsTests
{
    [Fact]
    public void PageTableAlloc_RecordsTheMmInPtMm()
    {
        ulong mmAddress = 0, ptMm = 0;
        PortRuns.Once(m =>
        {
            var pgt = new V2HhBits(m);
            var mm = m.MmAlloc();
            mmAddress = mm.Address;
            ptMm = m.Load(pgt.PageTableAlloc(mm).Page.PtMm);
        }).AssertClean();

        Assert.Equal(mmAddress, ptMm);
    }

    [Fact]
    public void PteFreeDefer_SetsHAndP_AndTakesTheFreeSiblingOffTheList()
    {
        uint mask = 0;
        bool listed = true, released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V2HhBits(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            mask = Probe.Byte(m, t0);
            listed = !Probe.ListEmpty(m, mm);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, t0);
        }).AssertClean();

        Assert.Equal(0x14u, mask);
        Assert.False(listed, "never on the list while a half is pending");
        Assert.True(released);
    }

    [Fact]
    public void BothHalvesDeferred_UseTheRcuHeadOneAfterTheOther()
    {
        uint afterFirst = 0, afterSecond = 0;
        var released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V2HhBits(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            var t1 = pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            pgt.PteFreeDefer(mm, t0);
            afterFirst = Probe.Byte(m, t0);
            pgt.PteFreeDefer(mm, t1);
            afterSecond = Probe.Byte(m, t1);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, t0);
        }).AssertClean();

        Assert.Equal(0x16u, afterFirst);
        Assert.Equal(0x3cu, afterSecond);
        Assert.True(released, "the first callback queued the second half; the second freed the page");
    }

    [Fact]
    public void TlbRemoveTable_RelistsThePage_ThroughTheRecordedMm()
    {
        uint pending = 0, after = 0;
        bool listedWhilePending = true, listedAfter = false;
        PteTable t0 = default, again = default;
        PortRuns.Once(m =>
        {
            var pgt = new V2HhBits(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            pgt.PageTableAlloc(mm);
            Probe.HoldGracePeriods(m);
            Probe.FreeThroughGather(m, pgt, mm, t0);
            pending = Probe.Byte(m, t0);
            listedWhilePending = !Probe.ListEmpty(m, mm);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            after = Probe.Byte(m, t0);
            listedAfter = !Probe.ListEmpty(m, mm);
            again = pgt.PageTableAlloc(mm);
        }).AssertClean();

        Assert.Equal(0x12u, pending);
        Assert.False(listedWhilePending);
        Assert.Equal(0x02u, after);
        Assert.True(listedAfter);
        Assert.Equal(t0, again);
    }
}
