using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.S390.Fragments;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Fragments;

/// <summary>page_table_release_check: a bad byte, and from v6.6 on a page still listed, dump the page.</summary>
public class ReleaseCheckTests
{
    [Fact]
    public void ByteZero_Unlisted_IsSilent() =>
        PortRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.InitListHead(page.Lru);
            ReleaseCheck.PageTableReleaseCheck(m, page, page.PhysAddr, 0x01, 0, checkListed: true);
        }).AssertClean();

    [Fact]
    public void ALeftoverBit_IsReportedWithTheKernelsMessage()
    {
        ulong table = 0;
        var report = PortRuns.Once(m =>
        {
            var page = m.AllocPage();
            table = page.PhysAddr + 0x800;
            ReleaseCheck.PageTableReleaseCheck(m, page, table, 0x02, 0x11, checkListed: false);
        }).AssertFinds(FindingKinds.BadPageRelease);

        Assert.Contains($"Invalid pgtable 0x{table:x} release half 0x02 mask 0x11", report);
        Assert.Contains("struct page 0x", report);
    }

    [Fact]
    public void AListedPage_IsReportedFromV66On_ButNotByTheV64Check()
    {
        PortRuns.Once(m => ListedPageCheck(m, checkListed: false)).AssertClean();

        var report = PortRuns.Once(m => ListedPageCheck(m, checkListed: true)).AssertFinds(FindingKinds.BadPageRelease);
        Assert.Contains("mask 0x00", report);
    }

    private static void ListedPageCheck(Machine m, bool checkListed)
    {
        var mm = m.MmAlloc();
        var page = m.AllocPage();
        m.ListAdd(page.Lru, mm.Context.PgtableList);
        ReleaseCheck.PageTableReleaseCheck(m, page, page.PhysAddr, 0x01, 0, checkListed);
    }
}
