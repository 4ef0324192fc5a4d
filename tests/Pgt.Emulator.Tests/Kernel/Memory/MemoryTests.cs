using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class MemoryTests
{
    [Fact]
    public void StoresAreReadBack_AndUnionViewsShareWords()
    {
        ulong seen = 0, head = 0;
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.Store(page.PtMm, 0x1234);
            seen = m.Load(page.PtFragRefcount);
            m.Store(page.Lru.Next, 0x5678);
            head = m.Load(page.RcuHead.Next);
        }).AssertClean();

        Assert.Equal(0x1234UL, seen);
        Assert.Equal(0x5678UL, head);
    }

    [Fact]
    public void AtomicXorBits_ReturnsTheNewValue_InTheTopByteOfRefcount()
    {
        uint first = 0, second = 0, refcount = 0;
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            first = m.AtomicXorBits(page.Refcount, 0x11u << 24);
            second = m.AtomicXorBits(page.Refcount, 0x10u << 24);
            refcount = m.PageRefCount(page);
        }, new MachineOptions { Checkers = CheckerSet.None }).AssertClean();

        Assert.Equal(0x11000001u, first);
        Assert.Equal(0x01000001u, second);
        Assert.Equal(0x01000001u, refcount);
    }

    [Fact]
    public void NullDereference_IsAWildAccess()
    {
        var report = KernelRuns.Once(m => m.Load(0x10, View.Pte)).AssertFinds(FindingKinds.WildAccess);

        Assert.Contains("BUG: kernel NULL pointer dereference, address: 0000000000000010", report);
    }

    [Fact]
    public void LoadThroughAListPoison_NamesThePoison()
    {
        var report = KernelRuns.Once(m => m.Load(ListPoison.Poison2)).AssertFinds(FindingKinds.WildAccess);

        Assert.Contains("LIST_POISON2", report);
    }

    [Fact]
    public void Memset64_FillsEveryWord()
    {
        var values = new List<ulong>();
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.Memset64(page.PhysAddr, PageTableBits.PageInvalid, PhysicalLayout.WordsPerPage);
            values.Add(m.Load(page.PhysAddr));
            values.Add(m.Load(page.PhysAddr + 4088));
        }).AssertClean();

        Assert.Equal([0x400UL, 0x400UL], values);
    }

    [Fact]
    public void FreeingAGarbageStructPagePointer_IsAWildAccess_NotACrash() =>
        KernelRuns.Once(m => m.FreePage(new Page(m, 1_000_000))).AssertFinds(FindingKinds.WildAccess);
}
