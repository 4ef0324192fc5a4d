using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class PageAllocatorTests
{
    private static (ulong First, ulong Second) FreeThenAlloc(MachineOptions? options, bool quarantine)
    {
        ulong first = 0, second = 0;
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage(quarantine: quarantine);
            first = page.Pfn;
            m.FreePage(page);
            second = m.AllocPage().Pfn;
        }, options).AssertClean();
        return (first, second);
    }

    [Fact]
    public void EagerReuse_HandsTheLastFreedPageOutFirst()
    {
        var (first, second) = FreeThenAlloc(null, quarantine: false);
        Assert.Equal(first, second);
    }

    [Fact]
    public void QuarantineMode_NeverReuses()
    {
        var (first, second) = FreeThenAlloc(new MachineOptions { Allocator = AllocatorMode.Quarantine }, quarantine: false);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void AQuarantinedAllocation_IsNeverReused_EvenInEagerMode()
    {
        var (first, second) = FreeThenAlloc(null, quarantine: true);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ANewPage_HasRefcountOneAndNoFlags()
    {
        uint refcount = 0;
        bool active = true, table = true;
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            refcount = m.PageRefCount(page);
            active = m.PageActive(page);
            table = m.PageTable(page);
        }).AssertClean();

        Assert.Equal(1u, refcount);
        Assert.False(active);
        Assert.False(table);
    }
}
