using Pgt.Benchmarks.Coyote;
using Pgt.Emulator.Scenarios;
using Xunit;

namespace Pgt.Benchmarks.Tests;

/// <summary>The Coyote strand back-end runs the emulator's scenario code, and Coyote's decisions matter.</summary>
public sealed class CoyoteBackendTests
{
    [Fact]
    public void CleanCanonicalScenario_RunsEveryIterationWithoutABug()
    {
        var result = CoyoteRunner.Run(GupFastVsRetract.Create(RetractFree.Deferred), CoyoteStrategy.Pct, seed: 3, iterations: 20, maxSteps: 10_000, stopAtFirstBug: false);

        Assert.False(result.BugFound, result.BugKind);
        Assert.Equal(20, result.Iterations);
        // Every iteration passes the emulator's scheduling points (the canonical scenario has dozens).
        Assert.True(result.EmulatorSteps >= 20 * 40, $"{result.EmulatorSteps} steps");
        Assert.True(result.CoyoteSteps >= result.EmulatorSteps, "Coyote counts at least the points we passed");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BuggyCanonicalScenario_CoyoteFindsTheUseAfterFree(bool pct)
    {
        var strategy = pct ? CoyoteStrategy.Pct : CoyoteStrategy.DefaultPortfolio;
        var result = CoyoteRunner.Run(GupFastVsRetract.Create(RetractFree.Immediate), strategy, seed: 1, iterations: 2_000, maxSteps: 10_000, stopAtFirstBug: true);

        Assert.True(result.BugFound);
        Assert.Equal("use-after-free", result.BugKind);
        Assert.True(result.Iterations < 2_000, $"stopped at iteration {result.Iterations}");
    }

    [Fact]
    public void SameSeed_SameIterationOfTheFirstBug()
    {
        var scenario = GupFastVsRetract.Create(RetractFree.Immediate);

        var first = CoyoteRunner.Run(scenario, CoyoteStrategy.Pct, seed: 5, iterations: 2_000, maxSteps: 10_000, stopAtFirstBug: true);
        var second = CoyoteRunner.Run(scenario, CoyoteStrategy.Pct, seed: 5, iterations: 2_000, maxSteps: 10_000, stopAtFirstBug: true);

        Assert.True(first.BugFound);
        Assert.Equal(first.Iterations, second.Iterations);
        Assert.Equal(first.EmulatorSteps, second.EmulatorSteps);
    }
}
