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
            Probe.HoldGracePeriods(m); // the table is read below, after pte_free_defer
            var table = Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, vma,
                space.DataPages[0]);
            pte = m.Load(table.Entry(0));
            pmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(0)), View.Pmd);
            Probe.EndHoldingGracePeriods(m);
            Probe.WaitForCallbacks(m);
            released = Probe.Released(m, table);
        }).AssertClean();

        Assert.Equal(PageTableBits.PageInvalid, pte);
        Assert.True(PageTableBits.PmdNone(pmd));
        Assert.True(released);
    }

    /// <summary>Step 2 of collapse_pte_mapped_thp: a pte that is not the huge page's subpage aborts, table kept.</summary>
    [Theory]
    [InlineData(CollapseVma.UffdArmedPrivate)]
    [InlineData(CollapseVma.UffdArmedPrivateBeforeFix)]
    public void ACopiedPteInTheRange_AbortsTheCollapse_AndTheTableStays(CollapseVma vma)
    {
        ulong hugePte = 0, copiedPte = 0, pmd = 0, tableAddress = 0;
        var retracted = true;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 1);
            var region = MappedMm.AddressOf(0);
            Assert.True(Userfaultfd.Copy(m, space.Mm, region + PhysicalLayout.PageSize));
            retracted = !Khugepaged.Retract(m, pgt, space.Mm, region, RetractKind.LocklessDeferred, vma,
                space.DataPages[0]).IsNull;
            hugePte = m.Load(space.Tables[0].Entry(0));
            copiedPte = m.Load(space.Tables[0].Entry(1));
            pmd = m.Load(m.PmdOffset(space.Mm, region), View.Pmd);
            tableAddress = space.Tables[0].Address;
            Munmap.ExitMmap(m, pgt, space.Mm, region);
        }).AssertClean();

        Assert.False(retracted);
        Assert.Equal(PageTableBits.PageInvalid, hugePte); // cleared before the abort, and counted out
        Assert.True(PageTableBits.PtePresent(copiedPte));
        Assert.Equal(tableAddress, PageTableBits.PmdTableAddress(pmd));
    }

    /// <summary>collapse_pte_mapped_thp without the huge page to check against is a driver misuse.</summary>
    [Fact]
    public void CollapsePteMappedThp_WithoutTheHugePage_Throws() =>
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 1);
            Assert.Throws<ArgumentException>(() => Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0),
                RetractKind.LocklessDeferred, CollapseVma.UffdArmedPrivate));
        }).AssertClean();

    /// <summary>
    /// The last of the task's threads to mmput runs exit_mmap: whichever order they leave in, the copied
    /// anonymous page and the page-cache page are both counted out (merged collapse, catalogue #21's fixed twin).
    /// </summary>
    [Fact]
    public void ThreadsLeavingInAnyOrder_TheLastExits_AndCountsEveryPageOut() =>
        PortRuns.Explore(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 1);
            var region = MappedMm.AddressOf(0);
            m.Mmget(space.Mm);
            m.Spawn("copy", () =>
            {
                Userfaultfd.Copy(m, space.Mm, region + PhysicalLayout.PageSize);
                Munmap.Mmput(m, pgt, space.Mm, region);
            });
            m.Spawn("thread", () => Munmap.Mmput(m, pgt, space.Mm, region));
        }, PortRuns.Dpor(2000)).AssertClean(exhaustive: true);
}
