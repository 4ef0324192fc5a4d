using System.Diagnostics;
using Pgt.Benchmarks.Coyote;
using Pgt.Benchmarks.Measurement;
using Pgt.Emulator.Exploration;

namespace Pgt.Benchmarks.Exploration;

/// <summary>Runs our explorer and Coyote the same way: a warm-up, then timed repeats; medians.</summary>
internal static class EngineRuns
{
    public static Throughput Ours(Scenario scenario, ExplorationOptions options, int repeats)
    {
        _ = Explorer.Explore(scenario, options with { MaxExecutions = Math.Min(options.MaxExecutions, 200) });
        var seconds = new List<double>();
        ExplorationResult? last = null;
        for (var i = 0; i < repeats; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            last = Explorer.Explore(scenario, options);
            seconds.Add(stopwatch.Elapsed.TotalSeconds);
            if (last.FirstFinding is { } found)
            {
                throw new InvalidOperationException($"a throughput run found a bug in {scenario.Name}: {found.Finding.Title}");
            }
        }

        var median = Stats.Median(seconds);
        return new Throughput(last!.Executions / median, last.Decisions / median, last.Executions, last.Decisions, median);
    }

    public static Throughput Coyote(Scenario scenario, CoyoteStrategy strategy, int iterations, int maxSteps, int repeats)
    {
        _ = CoyoteRunner.Run(scenario, strategy, 1, Math.Min(iterations, 50), maxSteps, stopAtFirstBug: false);
        var seconds = new List<double>();
        CoyoteRunResult? last = null;
        for (var i = 0; i < repeats; i++)
        {
            last = CoyoteRunner.Run(scenario, strategy, 1, iterations, maxSteps, stopAtFirstBug: false);
            seconds.Add(last.Elapsed.TotalSeconds);
            if (last.BugFound)
            {
                throw new InvalidOperationException($"a Coyote throughput run found a bug in {scenario.Name}: {last.BugKind}");
            }
        }

        var median = Stats.Median(seconds);
        return new Throughput(last!.Iterations / median, last.EmulatorSteps / median, last.Iterations, last.EmulatorSteps, median);
    }

    public static FirstBug OursFirstBug(Scenario scenario, ExplorationOptions options, int runs)
    {
        _ = Explorer.Explore(scenario, options with { MaxExecutions = 50 });
        var times = new List<double>();
        var executions = new List<double>();
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        var found = 0;
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var result = Explorer.Explore(scenario, options with { Seed = (ulong)(run + 1) });
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            executions.Add(result.FirstFinding is { } first ? first.Execution + 1 : result.Executions);
            if (result.FirstFinding is { } finding)
            {
                found++;
                kinds.Add(finding.Finding.Kind);
            }
        }

        return new FirstBug(Stats.Median(times), Stats.Median(executions), found, runs, string.Join(", ", kinds));
    }

    public static FirstBug CoyoteFirstBug(Scenario scenario, CoyoteStrategy strategy, int maxIterations, int maxSteps, int runs)
    {
        _ = CoyoteRunner.Run(scenario, strategy, 1000, 20, maxSteps, stopAtFirstBug: true);
        var times = new List<double>();
        var executions = new List<double>();
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        var found = 0;
        for (var run = 0; run < runs; run++)
        {
            var result = CoyoteRunner.Run(scenario, strategy, (uint)(run + 1), maxIterations, maxSteps, stopAtFirstBug: true);
            times.Add(result.Elapsed.TotalMilliseconds);
            executions.Add(result.Iterations);
            if (result.BugFound)
            {
                found++;
                kinds.Add(result.BugKind ?? "coyote-bug");
            }
        }

        return new FirstBug(Stats.Median(times), Stats.Median(executions), found, runs, string.Join(", ", kinds));
    }
}
