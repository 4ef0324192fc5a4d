using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>khugepaged's retract: ptes cleared, pmd detached, the table freed as the kind says.</summary>
public class KhugepagedTests
{
    [Fact]
    public void LocklessDeferred_ClearsPteAndPmd_AndFreesThroughPteFreeDefer()
    {
        ulong pte = 0, pmd = 0, nrPtes = 1;
        bool activeAfterFirst = false, releasedAtEnd = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 2);
            var table = Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
            pte = m.Load(table.Entry(0));
            pmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(0)), View.Pmd);
            activeAfterFirst = m.PageActive(table.Page);
            Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred);
            nrPtes = m.Load(space.Mm.NrPtes);
            Probe.WaitForCallbacks(m);
            releasedAtEnd = Probe.Released(m, table);
        }).AssertClean();

        Assert.Equal(PageTableBits.PageInvalid, pte);
        Assert.True(PageTableBits.PmdNone(pmd));
        Assert.True(activeAfterFirst, "pte_free_defer of v6.6 marks the page");
        Assert.Equal(0UL, nrPtes);
        Assert.True(releasedAtEnd);
    }

    [Theory]
    [InlineData(RetractKind.LocklessImmediate)]
    [InlineData(RetractKind.MmapWriteLockedIpi)]
    public void ImmediateKinds_FreeWithPageTableFree_SoTheHalfIsListedAtOnce(RetractKind kind)
    {
        PteTable table = default, next = default;
        ulong mmapLock = 1;
        PortRuns.Once(m =>
        {
            var pgt = new V64(m);
            var space = MappedMm.Create(m, pgt, 2);
            table = Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), kind);
            mmapLock = m.Load(space.Mm.MmapLock);
            next = pgt.PageTableAlloc(space.Mm);
        }).AssertClean();

        Assert.Equal(table, next);
        Assert.Equal(0UL, mmapLock);
    }
}
