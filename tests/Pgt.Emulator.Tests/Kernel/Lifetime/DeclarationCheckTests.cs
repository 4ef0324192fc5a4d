using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// The page lifetimes check, at run time, the rule DPOR needs: lifetime state changes only at a step that
/// declared writing the resource it lives on, and a verdict on the reader sections is taken only at a step
/// that declared reading them all. A primitive that forgets is an emulator bug, reported as such.
/// </summary>
public class DeclarationCheckTests
{
    [Fact]
    public void ALifetimeChangeAtAStepThatDeclaredOnlyARead_IsAnEmulatorBug()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.Load(page.PhysAddr);
            m.Lifetime.Free(page.Pfn, default);
        }).AssertFinds("strand-exception");

        Assert.Contains("emulator bug: freeing a page changes lifetime state on", report, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameChangeAtAStepThatDeclaredThePageLifetime_IsAccepted() =>
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.ScheduleLifetime(m.Current, page.Pfn);
            Assert.True(m.Lifetime.Free(page.Pfn, default));
        }).AssertClean();

    [Fact]
    public void AReaderVerdictAtAStepThatDoesNotReadAllSections_IsAnEmulatorBug()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var table = GenericPageTables.MapPage(m, mm, 1UL << 20, m.AllocPage());
            m.PmdClear(m.PmdOffset(mm, 1UL << 20));
            m.Load(table.Address);
            m.Lifetime.HasOpenCoveringReader(Fragments.Of(table.Address), out _);
        }).AssertFinds("strand-exception");

        Assert.Contains("emulator bug: a verdict on the reader sections", report, StringComparison.Ordinal);
    }
}
