using Pgt.Emulator.Kernel;
using Pgt.S390.Fragments;
using Xunit;

namespace Pgt.S390.Tests.Fragments;

/// <summary>The tag in the low bits of the pointer handed to tlb_remove_table, and the byte's bit helpers.</summary>
public class TablePointerTests
{
    [Theory]
    [InlineData(0x5000UL, TablePointer.LowerHalf, 0x5001UL)]
    [InlineData(0x5800UL, TablePointer.UpperHalf, 0x5802UL)]
    [InlineData(0x5000UL, TablePointer.Pgste, 0x5003UL)]
    [InlineData(0x6000UL, TablePointer.Crst, 0x6000UL)]
    public void Tag_SetsTheLowBits_AndUntagGivesBothBack(ulong address, uint tag, ulong tagged)
    {
        Assert.Equal(tagged, TablePointer.Tag(new PteTable(null!, address), tag));
        Assert.Equal((address, tag), TablePointer.Untag(tagged));
    }

    [Fact]
    public void FragmentBits_PlaceEachHalfsBitsWhereTheKernelDoes()
    {
        Assert.Equal(0x11u << 24, FragmentBits.Bits(FragmentBits.A | FragmentBits.P, 0));
        Assert.Equal(0x22u << 24, FragmentBits.Bits(FragmentBits.A | FragmentBits.P, 1));
        Assert.Equal(0x2au, FragmentBits.OfHalf(FragmentBits.A | FragmentBits.H | FragmentBits.P, 1));
        Assert.Equal(0x13u, FragmentBits.MaskOf(0x1300_0001u));
    }
}
