using Pgt.Benchmarks.Measurement;
using Pgt.Benchmarks.Report;
using Pgt.Emulator.Exploration;

namespace Pgt.Benchmarks.Exploration;

/// <summary>How the cost of one execution grows with the number of strands and of steps (PCT, one worker).</summary>
internal static class ExplorerGrowthBenchmark
{
    public const string Section = "explorer-growth";

    private const int FixedSteps = 50;
    private const int FixedStrands = 2;

    public static void Run(BenchOptions options, BenchReport report)
    {
        Series(report, options, "strands", options.GrowthStrands, n => GrowthScenario.Create(n, FixedSteps, sharedEvery: 5), $"{FixedSteps} steps each");
        Series(report, options, "steps per strand", options.GrowthSteps, n => GrowthScenario.Create(FixedStrands, n, sharedEvery: 5), $"{FixedStrands} strands");
    }

    private static void Series(BenchReport report, BenchOptions options, string axis, IReadOnlyList<int> sizes, Func<int, Scenario> create, string fixedPart)
    {
        var table = new ReportTable($"Explorer cost vs {axis} ({fixedPart}; PCT, {Format.Count(options.GrowthExecutions)} executions)",
            axis, "decisions per execution", "time per execution", "time per decision", "x per doubling (per execution)");
        var x = new List<double>();
        var perExecution = new List<double>();
        foreach (var size in sizes)
        {
            var throughput = EngineRuns.Ours(create(size), new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 1, MaxExecutions = options.GrowthExecutions }, options.ThroughputRepeats);
            var microseconds = 1e6 / throughput.ExecutionsPerSecond;
            var doubling = perExecution.Count > 0 ? Format.Ratio(microseconds / perExecution[^1] / (size / x[^1]) * 2) : "-";
            x.Add(size);
            perExecution.Add(microseconds);
            table.Add(
                Format.Count(size),
                Format.Count(throughput.Decisions / Math.Max(1, throughput.Executions)),
                Format.Ms(microseconds / 1000),
                Format.Ms(1000 / throughput.DecisionsPerSecond),
                doubling);
        }

        var slope = Stats.LogLogSlope(x, perExecution);
        table.Notes.Add($"Log-log slope of time per execution: {slope:F2} ({Format.Ratio(Math.Pow(2, slope))} per doubling): {Stats.GrowthVerdict(slope)} in the number of {axis}.");
        report.Add(table);
    }
}
