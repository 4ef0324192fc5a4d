using Pgt.Emulator.Kernel;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>munmap and exit: zap, free_pgtables through mmu_gather, tlb_finish_mmu.</summary>
public class MunmapTests
{
    [Theory]
    [InlineData("v6.4")]
    [InlineData("v6.6")]
    [InlineData("v6.8")]
    public void UnmapRegions_DetachesAndFreesTheTables_AfterTheBatchGracePeriod(string design)
    {
        ulong pmd = 0, pte = 0, nrPtes = 1;
        var released = false;
        PortRuns.Once(m =>
        {
            var pgt = PortDesigns.Create(design, m);
            var space = MappedMm.Create(m, pgt, 2);
            Probe.HoldGracePeriods(m);
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0), MappedMm.AddressOf(1));
            pmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(0)), View.Pmd);
            nrPtes = m.Load(space.Mm.NrPtes);
            pte = m.Load(space.Tables[1].Entry(0));
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, space.Tables[1]);
        }, PortRuns.NoBatchFailure).AssertClean();

        Assert.True(PageTableBits.PmdNone(pmd));
        Assert.Equal(0UL, nrPtes);
        Assert.True(released);
        Assert.Equal(PageTableBits.PageInvalid, pte);
    }

    [Fact]
    public void WhenTheBatchPageCannotBeAllocated_TheTablesAreFreedRightAfterTheIpi_WithoutAGracePeriod()
    {
        var released = new List<bool>();
        PortRuns.Explore(m =>
        {
            var pgt = PortDesigns.Create("v6.6", m);
            var space = MappedMm.Create(m, pgt, 2);
            // No grace period can end while main is in this section: only the IPI fallback frees now.
            Probe.HoldGracePeriods(m);
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0), MappedMm.AddressOf(1));
            var now = Probe.Released(m, space.Tables[0]);
            Probe.EndHoldingGracePeriods(m);
            lock (released)
            {
                released.Add(now);
            }
        }, PortRuns.Dpor(100)).AssertClean(exhaustive: true);

        Assert.Contains(true, released);
        Assert.Contains(false, released);
    }

    [Theory]
    [InlineData("v6.6")]
    [InlineData("v6.8")]
    public void UnmapRegions_WithAWalkerOfAnotherRegion_IsCleanEvenWhenTheBatchPageFails(string design)
    {
        // tlb_remove_table_one frees at once after its IPI, which an rcu_read_lock walker does not stop. A
        // walker of region 2 never read region 0's or 1's pmd, so it cannot hold their tables: no finding
        // (a reader section covers only the tables it reached through a pmd).
        PortRuns.Explore(m =>
        {
            var pgt = PortDesigns.Create(design, m);
            var space = MappedMm.Create(m, pgt, 3);
            Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(2), takePtl: false);
            Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0), MappedMm.AddressOf(1)]);
        }, PortRuns.Dpor(5_000), new MachineOptions { ExploreBatchAllocationFailure = true }).AssertClean(exhaustive: true);
    }
}
