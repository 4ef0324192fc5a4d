using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Scenarios;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel.Support;

/// <summary>Runs small kernel programs under the explorer and checks what they found.</summary>
internal static class KernelRuns
{
    public static ExplorationOptions Dfs(int executions = 20_000) => new()
    {
        Strategy = StrategyKind.Dfs,
        MaxExecutions = executions,
        MaxSteps = 50_000,
        PreemptionBound = null,
        IteratePreemptionBound = false,
        Seed = 1,
    };

    public static ExplorationOptions Dpor(int executions = 20_000) => Dfs(executions) with { Strategy = StrategyKind.Dpor };

    public static ExplorationOptions Random(int executions = 500, ulong seed = 1) => new()
    {
        Strategy = StrategyKind.Random,
        MaxExecutions = executions,
        MaxSteps = 50_000,
        Seed = seed,
    };

    public static ExplorationOptions Pct(int executions = 2000, ulong seed = 1, int depth = 3) =>
        Random(executions, seed) with { Strategy = StrategyKind.Pct, PctDepth = depth };

    /// <summary>Runs <paramref name="body"/> once, as the only strand (deterministic: no choices).</summary>
    public static ExplorationResult Once(Action<Machine> body, MachineOptions? machine = null,
        [CallerMemberName] string name = "") =>
        Explorer.Explore(KernelScenario.Create(name, body, machine), Random(1));

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

    /// <summary>Asserts no finding; with <paramref name="exhaustive"/>, that DFS/DPOR explored everything.</summary>
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
