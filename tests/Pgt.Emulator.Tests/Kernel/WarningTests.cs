using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class WarningTests
{
    [Fact]
    public void WarnOnOnceWithATrueCondition_IsAWarningFinding()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc(pgste: true);
            m.WarnOnOnce(m.MmHasPgste(mm));
        }).AssertFinds(FindingKinds.Warning);

        Assert.Contains("WARN_ON_ONCE(m.MmHasPgste(mm))", report);
        Assert.Contains("at WarningTests.cs:", report);
    }

    [Fact]
    public void WarnOnOnceWithAFalseCondition_IsClean() =>
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            Assert.False(m.WarnOnOnce(m.MmHasPgste(mm)));
        }).AssertClean();
}
