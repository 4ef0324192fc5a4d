using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class PageReleaseTests
{
    [Fact]
    public void FreeingWithPgActiveSet_IsBadPageState()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.SetPageActive(page);
            m.FreePage(page);
        }).AssertFinds(FindingKinds.BadPageRelease);

        Assert.Contains("PAGE_FLAGS_CHECK_AT_FREE flag(s) set (Active)", report);
    }

    [Fact]
    public void FreeingATablePageWithAPBitsLeft_LeaksItAndIsReported()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.AtomicXorBits(page.Refcount, 0x02u << 24);
            m.PgtablePteDtor(page);
            m.FreePage(page);
        }).AssertFinds(FindingKinds.BadPageRelease);

        Assert.Contains("mask 0x2 left in _refcount", report);
    }

    [Fact]
    public void FreeingAListedTablePage_IsReported() =>
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.PgtablePteDtor(page);
            m.FreePage(page);
        }).AssertFinds(FindingKinds.BadPageRelease);

    [Fact]
    public void FreeingWithoutTheDtor_IsReported() =>
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.FreePage(page);
        }).AssertFinds(FindingKinds.BadPageRelease);

    [Fact]
    public void DoubleFree_IsReported() =>
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.FreePage(page);
            m.FreePage(page);
        }).AssertFinds(FindingKinds.BadPageRelease);

    [Fact]
    public void ATablePageReleasedProperly_IsClean() =>
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.AtomicXorBits(page.Refcount, 0x01u << 24);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.ListDelInit(page.Lru);
            m.AtomicXorBits(page.Refcount, 0x11u << 24);
            m.AtomicXorBits(page.Refcount, 0x10u << 24);
            m.SetPageActive(page);
            m.TestClearPageActive(page);
            m.PgtablePteDtor(page);
            m.FreePage(page);
        }).AssertClean();

    [Fact]
    public void AAndPForOneHalf_IsAFragmentMaskFinding()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.AtomicXorBits(page.Refcount, 0x01u << 24);
            m.AtomicXorBits(page.Refcount, 0x10u << 24);
        }).AssertFinds(FindingKinds.FragmentMask);

        Assert.Contains("mask 0x1 -> 0x11", report);
    }

    [Fact]
    public void AForOneHalfAndPForTheOther_IsClean() =>
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.AtomicXorBits(page.Refcount, 0x01u << 24);
            m.AtomicXorBits(page.Refcount, 0x20u << 24);
        }).AssertClean();

    [Fact]
    public void RunningOutOfEmulatedMemory_IsAClearFinding() =>
        KernelRuns.Once(m =>
        {
            for (var i = 0; i < 100; i++)
            {
                m.AllocPage();
            }
        }).AssertFinds(FindingKinds.OutOfMemory);
}
