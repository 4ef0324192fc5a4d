using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>The scenario set-up: an mm whose tables come from the design under test.</summary>
public class MappedMmTests
{
    [Theory]
    [InlineData("v6.6", true)]
    [InlineData("v6.8", false)]
    public void TablesComeFromTheDesign_AndEachMapsItsPageAtTheStartOfItsRegion(string design, bool shareOnePage)
    {
        MappedMm? space = null;
        var pmds = new List<ulong>();
        var ptes = new List<ulong>();
        ulong nrPtes = 0;
        PortRuns.Once(m =>
        {
            space = MappedMm.Create(m, PortDesigns.Create(design, m), 2);
            for (var i = 0; i < 2; i++)
            {
                pmds.Add(m.Load(m.PmdOffset(space.Mm, MappedMm.AddressOf(i)), View.Pmd));
                ptes.Add(m.Load(space.Tables[i].Entry(0)));
            }

            nrPtes = m.Load(space.Mm.NrPtes);
        }).AssertClean();

        Assert.NotNull(space);
        Assert.Equal(shareOnePage, space.Tables[0].Page == space.Tables[1].Page);
        Assert.Equal([space.Tables[0].Address, space.Tables[1].Address], pmds);
        Assert.Equal([PageTableBits.MkPte(space.DataPages[0]), PageTableBits.MkPte(space.DataPages[1])], ptes);
        Assert.Equal(2 * PageTableBits.PteTableSize, nrPtes);
        Assert.Equal((1UL << 20, 2UL << 20), (MappedMm.AddressOf(0), MappedMm.AddressOf(1)));
    }
}
