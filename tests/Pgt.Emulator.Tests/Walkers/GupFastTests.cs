using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Pgt.Emulator.Walkers;
using Xunit;

namespace Pgt.Emulator.Tests.Walkers;

public class GupFastTests
{
    /// <summary>
    /// Correct kernel code: zap clears the pte under its ptl, then drops the last reference of the
    /// anonymous page, while gup_fast walks it. try_grab_folio is folio_ref_try_add_rcu, one atomic
    /// page_ref_add_unless(page, 1, 0): it either pins the page before the last put (and the put is not
    /// the last one) or fails; it never takes a reference on a page already on its way to the allocator.
    /// Before the grab was one atomic step this reported a false bad-page-release.
    /// </summary>
    [Fact]
    public void GupFastRacingTheLastPutOfAPage_IsClean() =>
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var data = m.AllocPage();
            var table = GenericPageTables.MapPage(m, mm, GupFastVsRetract.Address, data);
            m.Spawn("gup_fast", () => m.GupFastPages(mm, GupFastVsRetract.Address, 1));
            m.Spawn("zap", () =>
            {
                var ptep = table.Entry(PageTableBits.PteIndex(GupFastVsRetract.Address)).Address;
                var ptl = m.PteLockptr(mm, m.Load(m.PmdOffset(mm, GupFastVsRetract.Address), View.Pmd));
                m.SpinLock(ptl);
                m.PteClear(ptep);
                m.SpinUnlock(ptl);
                m.PutPage(data);
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

    private static void GupFastVsDetach(Machine m, GupFastOptions options)
    {
        var mm = m.MmAlloc();
        var data = m.AllocPage();
        GenericPageTables.MapPage(m, mm, GupFastVsRetract.Address, data);
        m.Spawn("gup_fast", () => m.GupFastPages(mm, GupFastVsRetract.Address, 1, options));
        m.Spawn("khugepaged", () => GenericPageTables.Retract(m, mm, GupFastVsRetract.Address));
    }

    /// <summary>Catalogue #17: without the pmd recheck gup_fast returns a page grabbed through a detached table.</summary>
    [Fact]
    public void GupFastWithoutThePmdRecheck_ReturnsAStalePage()
    {
        var report = KernelRuns.Explore(m => GupFastVsDetach(m, GupFastOptions.Default with { RecheckPmd = false }),
            KernelRuns.Dpor()).AssertFinds(FindingKinds.GupFastStalePage);

        Assert.Contains("after the pmd at", report);
        Assert.Contains("Table detached from its pmd by T2", report);
    }

    [Fact]
    public void GupFastWithThePmdRecheck_IsClean() =>
        KernelRuns.Explore(m => GupFastVsDetach(m, GupFastOptions.Default), KernelRuns.Dpor()).AssertClean(exhaustive: true);
}
