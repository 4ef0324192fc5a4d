using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Designs;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>v6.4's fragment bookkeeping, one strand at a time.</summary>
public class V64Tests
{
    [Fact]
    public void TwoAllocations_ShareOnePage_LowerHalfFirst()
    {
        PteTable t0 = default, t1 = default;
        uint afterFirst = 0, afterSecond = 0;
        bool listedAfterFirst = false, listedAfterSecond = true;
        PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            afterFirst = Probe.Byte(m, t0);
            listedAfterFirst = !Probe.ListEmpty(m, mm);
            t1 = pgt.PageTableAlloc(mm);
            afterSecond = Probe.Byte(m, t1);
            listedAfterSecond = !Probe.ListEmpty(m, mm);
        }).AssertClean();

        Assert.Equal(t0.Address + 0x800, t1.Address);
        Assert.Equal((0, 1), (t0.Half, t1.Half));
        Assert.Equal(0x01u, afterFirst);
        Assert.True(listedAfterFirst, "the page with a free upper half is listed");
        Assert.Equal(0x03u, afterSecond);
        Assert.False(listedAfterSecond, "a page with no free half is not listed");
    }

    [Fact]
    public void FreeWithOtherHalfAllocated_ListsThePage_AndTheNextAllocationReusesTheHalf()
    {
        PteTable t0 = default, again = default;
        uint afterFree = 0, afterRealloc = 0;
        var listed = false;
        PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            pgt.PageTableAlloc(mm);
            pgt.PageTableFree(mm, t0);
            afterFree = Probe.Byte(m, t0);
            listed = !Probe.ListEmpty(m, mm);
            again = pgt.PageTableAlloc(mm);
            afterRealloc = Probe.Byte(m, again);
        }).AssertClean();

        Assert.Equal(0x02u, afterFree);
        Assert.True(listed);
        Assert.Equal(t0, again);
        Assert.Equal(0x03u, afterRealloc);
    }

    [Fact]
    public void FreeingBothHalves_ReleasesThePage()
    {
        var released = false;
        var listed = true;
        PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc();
            var t0 = pgt.PageTableAlloc(mm);
            var t1 = pgt.PageTableAlloc(mm);
            pgt.PageTableFree(mm, t1);
            pgt.PageTableFree(mm, t0);
            released = Probe.Released(m, t0);
            listed = !Probe.ListEmpty(m, mm);
        }).AssertClean();

        Assert.True(released);
        Assert.False(listed);
    }

    [Fact]
    public void FreeThroughMmuGather_KeepsPUntilTlbRemoveTable_SoTheHalfIsNotHandedOut()
    {
        uint pending = 0, cleared = 0;
        PteTable t0 = default, whilePending = default;
        PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            pgt.PageTableAlloc(mm);
            var tlb = m.TlbGatherMmu(mm, pgt.TlbRemoveTable);
            pgt.PageTableFreeRcu(tlb, t0, 0);
            pending = Probe.Byte(m, t0);
            whilePending = pgt.PageTableAlloc(mm);
            m.TlbFinishMmu(tlb);
            Probe.WaitForCallbacks(m);
            cleared = Probe.Byte(m, t0);
        }).AssertClean();

        Assert.Equal(0x12u, pending);
        Assert.NotEqual(t0.Page, whilePending.Page);
        Assert.Equal(0x02u, cleared);
    }

    [Fact]
    public void PgsteTable_TakesAWholePage_WithPgstesZeroed_AndIsNeverListed()
    {
        uint mask = 0;
        ulong firstPte = 0, firstPgste = 0;
        var listed = true;
        var released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc(pgste: true);
            var table = pgt.PageTableAlloc(mm);
            mask = Probe.Byte(m, table);
            firstPte = m.Load(table.Entry(0));
            firstPgste = m.Load(table.Address + 0x800);
            listed = !Probe.ListEmpty(m, mm);
            pgt.PageTableFree(mm, table);
            released = Probe.Released(m, table);
        }).AssertClean();

        Assert.Equal(0x03u, mask);
        Assert.Equal(0x400UL, firstPte);
        Assert.Equal(0UL, firstPgste);
        Assert.False(listed);
        Assert.True(released);
    }

    [Fact]
    public void PgsteTableFreedTwice_IsCaughtByTheReleaseCheck()
    {
        var report = PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc(pgste: true);
            var table = pgt.PageTableAlloc(mm);
            pgt.PageTableFree(mm, table);
            pgt.PageTableFree(mm, table);
        }).AssertFinds(FindingKinds.BadPageRelease);

        Assert.Contains("Invalid pgtable 0x", report);
        Assert.Contains("release half 0x03 mask 0x03", report);
        Assert.Contains("page_table_free V64.cs", report);
    }

    [Fact]
    public void PteFreeDefer_DoesNotExistInV64()
    {
        var report = PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var mm = m.MmAlloc();
            pgt.PteFreeDefer(mm, pgt.PageTableAlloc(mm));
        }).AssertFinds("strand-exception");

        Assert.Contains("v6.4 has no pte_free_defer()", report);
    }
}
