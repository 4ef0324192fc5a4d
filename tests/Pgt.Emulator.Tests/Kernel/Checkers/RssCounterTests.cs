using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>check_mm's rss counters: a pte freed with its table is never counted out (catalogue #21).</summary>
public class RssCounterTests
{
    /// <summary>A mapped, counted page whose table is detached and freed without a zap: the teardown reports it.</summary>
    [Fact]
    public void ATableFreedWhileAPteStillMapsAPage_IsReportedAtTeardown()
    {
        var report = KernelRuns.Once(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            m.AddMmCounter(mm, MmCounter.FilePages, 1);
            m.PmdClear(m.PmdOffset(mm, Programs.Address));
            GenericPageTables.PteFree(m, mm, table);
            m.Mmdrop(mm);
        }).AssertFinds(FindingKinds.BadRssCounter);

        Assert.Contains("BUG: Bad rss-counter state mm:", report);
        Assert.Contains("type:MM_FILEPAGES val:1", report);
        Assert.Contains("Lost mapping: pte", report);
        Assert.Contains("was last written as pte by", report);
    }

    /// <summary>An anonymous page is counted in MM_ANONPAGES, and a zap that counts it out of the wrong counter leaves both off.</summary>
    [Fact]
    public void AnAnonymousPageCountedOutOfTheFileCounter_IsReported()
    {
        var report = KernelRuns.Once(m =>
        {
            var (mm, table, data) = Programs.MappedPage(m);
            m.FolioAddNewAnonRmap(data);
            m.AddMmCounter(mm, MmCounter.AnonPages, 1);
            m.PteClear(table.Entry(PageTableBits.PteIndex(Programs.Address)).Address);
            m.AddMmCounter(mm, MmCounter.FilePages, -1);
            m.Mmdrop(mm);
        }).AssertFinds(FindingKinds.BadRssCounter);

        Assert.Contains("type:MM_FILEPAGES val:-1", report);
    }

    /// <summary>Map, count in, clear, count out through mm_counter(): the teardown is clean, for either kind of page.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryPageCountedOutWhenItsPteIsCleared_IsClean(bool anonymous)
    {
        var counter = MmCounter.FilePages;
        KernelRuns.Once(m =>
        {
            var (mm, table, data) = Programs.MappedPage(m);
            if (anonymous)
            {
                m.FolioAddNewAnonRmap(data);
            }

            m.AddMmCounter(mm, m.MmCounterOf(data), 1);
            m.PteClear(table.Entry(PageTableBits.PteIndex(Programs.Address)).Address);
            counter = m.MmCounterOf(data);
            m.AddMmCounter(mm, counter, -1);
            m.PmdClear(m.PmdOffset(mm, Programs.Address));
            GenericPageTables.PteFree(m, mm, table);
            m.Mmdrop(mm);
        }).AssertClean();

        Assert.Equal(anonymous ? MmCounter.AnonPages : MmCounter.FilePages, counter);
    }

    /// <summary>The same lost pte with the checker off: nothing else in the emulator reports it.</summary>
    [Fact]
    public void WithoutTheChecker_TheLostMappingGoesUnseen() =>
        KernelRuns.Once(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            m.AddMmCounter(mm, MmCounter.FilePages, 1);
            m.PmdClear(m.PmdOffset(mm, Programs.Address));
            GenericPageTables.PteFree(m, mm, table);
            m.Mmdrop(mm);
        }, new MachineOptions { Checkers = CheckerSet.All & ~CheckerSet.RssCounters }).AssertClean();
}
