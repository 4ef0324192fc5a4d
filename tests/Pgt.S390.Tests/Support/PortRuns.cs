using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Scenarios;
using Xunit;

namespace Pgt.S390.Tests.Support;

/// <summary>Runs port code on the emulated machine, once or under the explorer, and checks what was found.</summary>
internal static class PortRuns
{
    /// <summary>A machine where tlb_remove_table always gets its batch page (no explored allocation failure).</summary>
    public static MachineOptions NoBatchFailure { get; } = new() { ExploreBatchAllocationFailure = false };

    public static ExplorationOptions Dpor(int executions) => new()
    {
        Strategy = StrategyKind.Dpor,
        MaxExecutions = executions,
        MaxSteps = 50_000,
        PreemptionBound = null,
        IteratePreemptionBound = false,
        Seed = 1,
    };

    public static ExplorationOptions Pct(int executions, ulong seed = 1, int depth = 3) => new()
    {
        Strategy = StrategyKind.Pct,
        MaxExecutions = executions,
        MaxSteps = 50_000,
        PctDepth = depth,
        Seed = seed,
    };

    public static ExplorationOptions Random(int executions, ulong seed = 1) => new()
    {
        Strategy = StrategyKind.Random,
        MaxExecutions = executions,
        MaxSteps = 50_000,
        Seed = seed,
    };

    /// <summary>Runs <paramref name="body"/> in one execution (the RCU daemons are the only other strands).</summary>
    public static ExplorationResult Once(Action<Machine> body, MachineOptions? machine = null,
        [CallerMemberName] string name = "") =>
        Explorer.Explore(KernelScenario.Create(name, body, machine ?? NoBatchFailure), Random(1));

    public static ExplorationResult Explore(Action<Machine> body, ExplorationOptions options, MachineOptions? machine = null,
        [CallerMemberName] string name = "") =>
        Explorer.Explore(KernelScenario.Create(name, body, machine), options);

    /// <summary>Asserts the first finding has <paramref name="kind"/>; returns its rendered report.</summary>
    public static string AssertFinds(this ExplorationResult result, string kind)
    {
        Assert.True(result.FirstFinding is not null, $"expected a {kind} finding, found none in {result.Executions} executions");
        var report = TextReportWriter.Render(result.FirstFinding);
        Assert.True(kind == result.FirstFinding.Finding.Kind, $"expected {kind}, got:\n{report}");
        return report;
    }

    /// <summary>Asserts no finding; with <paramref name="exhaustive"/>, that DPOR explored every schedule.</summary>
    public static void AssertClean(this ExplorationResult result, bool exhaustive = false)
    {
        if (result.FirstFinding is { } found)
        {
            Assert.Fail($"expected no finding, got:\n{TextReportWriter.Render(found)}");
        }

        if (exhaustive)
        {
            Assert.True(result.Exhausted, $"exploration stopped by {result.StoppedBy} after {result.Executions} executions");
        }
    }
}
