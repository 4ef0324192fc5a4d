using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>memset64 takes one scheduling point per 2 KiB table it covers, not one per word.</summary>
public class Memset64Tests
{
    [Fact]
    public void AWholePage_CostsOneSchedulingPointPer2KiBHalf()
    {
        static long Decisions(int words) =>
            KernelRuns.Once(m => m.Memset64(m.AllocPage().PhysAddr, PageTableBits.PageInvalid, words)).Decisions;

        Assert.Equal(Decisions(1), Decisions(256));
        Assert.Equal(1, Decisions(512) - Decisions(1));
    }
}
