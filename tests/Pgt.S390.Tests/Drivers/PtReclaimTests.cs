using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>PT_RECLAIM's MADV_DONTNEED: an emptied table is detached and freed through the mmu_gather.</summary>
public class PtReclaimTests
{
    [Fact]
    public void MadviseDontneed_ZapsTheRegion_AndFreesItsEmptiedTable()
    {
        ulong pmd = 0, nrPtesBefore = 0, nrPtesAfter = 1;
        bool freed = false, released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V68FullPage(m);
            var space = MappedMm.Create(m, pgt, 2);
            // A second page in region 0, as a fault or UFFDIO_COPY would map it: the zap clears every pte.
            Userfaultfd.MfillAtomicPte(m, space.Mm, MappedMm.AddressOf(0) + PhysicalLayout.PageSize, m.AllocPage());
            nrPtesBefore = m.Load(space.Mm.NrPtes);
            m.MmapReadLock(space.Mm);
            freed = PtReclaim.MadviseDontneed(m, pgt, space.Mm, MappedMm.AddressOf(0));
            m.MmapReadUnlock(space.Mm);
            pmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(0)), View.Pmd);
            nrPtesAfter = m.Load(space.Mm.NrPtes);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, space.Tables[0]);
        }).AssertClean();

        Assert.True(freed);
        Assert.True(PageTableBits.PmdNone(pmd));
        Assert.Equal(nrPtesBefore - PageTableBits.PteTableSize, nrPtesAfter);
        Assert.True(released, "freed by __tlb_remove_table after the batch's grace period");
    }

    [Fact]
    public void MadviseDontneed_OfARegionWithoutTable_FreesNothing()
    {
        var freed = true;
        PortRuns.Once(m =>
        {
            var pgt = new V68FullPage(m);
            var space = MappedMm.Create(m, pgt, 1);
            freed = PtReclaim.MadviseDontneed(m, pgt, space.Mm, MappedMm.AddressOf(5));
        }).AssertClean();

        Assert.False(freed);
    }
}
