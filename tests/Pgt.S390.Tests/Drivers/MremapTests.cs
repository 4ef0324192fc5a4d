using Pgt.Emulator.Kernel;
using Pgt.Emulator.Walkers;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>
/// mremap's normal-pmd move, before and after 6fa1066fc5d0. The race itself (retract detaching the table
/// between get_old_pmd's look and the rmap locks) is catalogue #20; here the window is entered
/// deterministically: the table is retracted first, then <c>move_normal_pmd</c> runs as it would after
/// having chosen the normal-pmd method.
/// </summary>
public class MremapTests
{
    [Theory]
    [InlineData(MoveNormalPmdKind.BeforeRecheck)]
    [InlineData(MoveNormalPmdKind.WithRecheck)]
    public void MovePageTables_MovesTheTable_AndTheMappingWithIt(MoveNormalPmdKind kind)
    {
        ulong oldPmd = 0, newPmd = 0, pteAtNew = 0, expectedPte = 0, tableAddress = 0;
        var moved = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 1);
            m.MmapWriteLock(space.Mm);
            moved = Mremap.MovePageTables(m, space.Mm, MappedMm.AddressOf(0), MappedMm.AddressOf(3), kind);
            m.MmapWriteUnlock(space.Mm);
            oldPmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(0)), View.Pmd);
            newPmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(3)), View.Pmd);
            pteAtNew = m.WalkPte(space.Mm, MappedMm.AddressOf(3), takeLock: true);
            expectedPte = PageTableBits.MkPte(space.DataPages[0]);
            tableAddress = space.Tables[0].Address;
        }).AssertClean();

        Assert.True(moved);
        Assert.True(PageTableBits.PmdNone(oldPmd));
        Assert.Equal(tableAddress, PageTableBits.PmdTableAddress(newPmd));
        Assert.Equal(expectedPte, pteAtNew);
    }

    [Fact]
    public void AfterARetract_TheOldMoveNormalPmd_PopulatesTheNewPmdWithATableAtPhysicalZero()
    {
        ulong newPmd = 1;
        var moved = false;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 2);
            Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
            moved = Mremap.MoveNormalPmd(m, space.Mm, m.PmdOffset(space.Mm, MappedMm.AddressOf(0)),
                m.PmdOffset(space.Mm, MappedMm.AddressOf(3)), MoveNormalPmdKind.BeforeRecheck);
            newPmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(3)), View.Pmd);
        }).AssertClean();

        Assert.True(moved, "the old code moves whatever the pmd holds");
        Assert.False(PageTableBits.PmdNone(newPmd), "a valid-looking pmd, built from an empty one");
        Assert.Equal(0UL, PageTableBits.PmdTableAddress(newPmd));
    }

    [Fact]
    public void AfterARetract_TheFixedMoveNormalPmd_BailsOut_AndLeavesTheNewPmdEmpty()
    {
        ulong newPmd = 0;
        var moved = true;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 2);
            Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
            moved = Mremap.MoveNormalPmd(m, space.Mm, m.PmdOffset(space.Mm, MappedMm.AddressOf(0)),
                m.PmdOffset(space.Mm, MappedMm.AddressOf(3)), MoveNormalPmdKind.WithRecheck);
            newPmd = m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(3)), View.Pmd);
        }).AssertClean();

        Assert.False(moved);
        Assert.True(PageTableBits.PmdNone(newPmd));
    }

    /// <summary>
    /// What the old code leaves behind: a pmd that passes pmd_none, pmd_trans_huge and pmd_bad but points at
    /// physical 0. The next walk of the moved mapping faults there (the kernel walked page 0 as the table).
    /// </summary>
    [Fact]
    public void AWalkThroughThePmdTheOldCodePopulated_FaultsAtPhysicalZero()
    {
        var result = PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 2);
            Khugepaged.Retract(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
            Mremap.MoveNormalPmd(m, space.Mm, m.PmdOffset(space.Mm, MappedMm.AddressOf(0)),
                m.PmdOffset(space.Mm, MappedMm.AddressOf(3)), MoveNormalPmdKind.BeforeRecheck);
            m.WalkPte(space.Mm, MappedMm.AddressOf(3), takeLock: true);
        });

        var report = result.AssertFinds(Pgt.Emulator.Checkers.FindingKinds.WildAccess);
        Assert.Contains("__pte_offset_map", report);
    }

    [Theory]
    [InlineData(MoveNormalPmdKind.BeforeRecheck, Pgt.Emulator.Checkers.FindingKinds.WildAccess)]
    [InlineData(MoveNormalPmdKind.WithRecheck, null)]
    public void TheDriversRace_FindsTheOldCodeOnly(MoveNormalPmdKind kind, string? expected)
    {
        var result = PortRuns.Explore(m =>
        {
            var pgt = new V66PageActive(m);
            var space = MappedMm.Create(m, pgt, 1);
            Mremap.Start(m, space.Mm, MappedMm.AddressOf(0), MappedMm.AddressOf(3), kind);
            Khugepaged.StartRetractPageTables(m, pgt, space.Mm, [MappedMm.AddressOf(0), MappedMm.AddressOf(3)]);
        }, PortRuns.Pct(2000));

        if (expected is null)
        {
            result.AssertClean();
        }
        else
        {
            result.AssertFinds(expected);
        }
    }
}
