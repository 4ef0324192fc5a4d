using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Pgt.Emulator.Walkers;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class UseAfterFreeTests
{
    [Fact]
    public void ReadOfAFreedPage_IsReportedWithItsFreeStack()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.FreePage(page);
            m.Load(page.PhysAddr + 16);
        }).AssertFinds(FindingKinds.UseAfterFree);

        Assert.Contains("BUG: KASAN: use-after-free in ReadOfAFreedPage_IsReportedWithItsFreeStack", report);
        Assert.Contains("Read of size 8 at addr 0000000000", report);
        Assert.Contains("Freed by T0 \"main\" (CPU0)", report);
    }

    [Fact]
    public void ReadBeforeTheFree_IsClean() =>
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.Load(page.PhysAddr + 16);
            m.FreePage(page);
        }).AssertClean();

    /// <summary>
    /// KASAN is blind to reuse: with the reuse and write checkers off, the reader that still walks a
    /// table reallocated under it is reported as a use-after-free of the old table, KCSAN style.
    /// </summary>
    [Fact]
    public void ReaderReadingATableReusedUnderIt_IsReportedWithTheValueChange()
    {
        var options = new MachineOptions
        {
            Checkers = CheckerSet.All & ~CheckerSet.ReuseBeforeGracePeriod & ~CheckerSet.DeferredFreeWrite,
        };
        var report = KernelRuns.Explore(m =>
        {
            var (mm, _, _) = Programs.MappedPage(m);
            Programs.GupFastReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                GenericPageTables.PteFree(m, mm, table);
                var reused = m.AllocPage();
                m.Store(reused.PhysAddr, 0xbad);
            });
        }, KernelRuns.Dpor(), options).AssertFinds(FindingKinds.UseAfterFree);

        Assert.Contains("reads a table that was detached and handed out again during its read-side section", report);
        Assert.Contains("value changed: 0x4003 -> 0xbad", report);
    }

    [Fact]
    public void GupFastWithTheSameFreeAfterSynchronizeRcu_IsClean() =>
        KernelRuns.Explore(m =>
        {
            var (mm, _, _) = Programs.MappedPage(m);
            Programs.GupFastReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                m.SynchronizeRcu();
                GenericPageTables.PteFree(m, mm, table);
                m.Store(m.AllocPage().PhysAddr, 0xbad);
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);
}
