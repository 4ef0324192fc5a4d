using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>UFFDIO_COPY's pte install, and khugepaged's two ways of locking against it (a98460494b16).</summary>
public class UserfaultfdTests
{
    [Fact]
    public void MfillAtomicPte_InstallsIntoAnEmptyPte_NotOverAnExistingOne()
    {
        bool intoEmpty = false, overMapped = true, intoRetracted = true;
        ulong pte = 0, expected = 0;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 2);
            var page = m.AllocPage();
            var address = MappedMm.AddressOf(0) + PhysicalLayout.PageSize;
            intoEmpty = Userfaultfd.MfillAtomicPte(m, space.Mm, address, page);
            pte = m.Load(space.Tables[0].Entry(PageTableBits.PteIndex(address)));
            expected = PageTableBits.MkPte(page);
            overMapped = Userfaultfd.MfillAtomicPte(m, space.Mm, MappedMm.AddressOf(0), m.AllocPage());
            Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred);
            intoRetracted = Userfaultfd.MfillAtomicPte(m, space.Mm, MappedMm.AddressOf(1), m.AllocPage());
        }).AssertClean();

        Assert.True(intoEmpty);
        Assert.Equal(expected, pte);
        Assert.False(overMapped, "-EEXIST");
        Assert.False(intoRetracted, "pte_offset_map_lock finds no table");
    }

    [Theory]
    [InlineData(CollapseVma.Plain)]
    [InlineData(CollapseVma.UffdArmedPrivate)]
    [InlineData(CollapseVma.UffdArmedPrivateBeforeFix)]
    public void EveryCollapsePath_ClearsThePtes_DetachesTheTable_AndDefersItsFree(CollapseVma vma)
    {
        ulong pte = 0, pmd = 0;
        var released = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 1);
            var table = Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, vma);
            pte = m.Load(table.Entry(0));
            pmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(0)), View.Pmd);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, table);
        }).AssertClean();

        Assert.Equal(PageTableBits.PageInvalid, pte);
        Assert.True(PageTableBits.PmdNone(pmd));
        Assert.True(released);
    }
}
