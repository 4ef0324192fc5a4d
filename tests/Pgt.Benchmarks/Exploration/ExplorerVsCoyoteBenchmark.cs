using Pgt.Benchmarks.Coyote;
using Pgt.Benchmarks.Report;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace Pgt.Benchmarks.Exploration;

/// <summary>
/// The same scenario code under our explorer (PCT, DPOR) and under Coyote (its default portfolio, its
/// PCT): throughput on the clean canonical scenario, time to the first bug on the buggy one.
/// </summary>
internal static class ExplorerVsCoyoteBenchmark
{
    public const string Section = "coyote";

    /// <summary>Coyote's default bound per iteration; every execution of the canonical scenario is far below it.</summary>
    private const int MaxSteps = 10_000;

    public static void Run(BenchOptions options, BenchReport report)
    {
        var clean = GupFastVsRetract.Create(RetractFree.Deferred);
        var buggy = GupFastVsRetract.Create(RetractFree.Immediate);
        var pct = new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 1, MaxExecutions = options.ExplorerExecutions, MaxSteps = MaxSteps };
        var dpor = new ExplorationOptions { Strategy = StrategyKind.Dpor, MaxExecutions = options.ExplorerExecutions, MaxSteps = MaxSteps };

        var rows = new (string Engine, Throughput Speed, FirstBug Bug)[]
        {
            ("ours, PCT (d=3)", EngineRuns.Ours(clean, pct, options.ThroughputRepeats),
                EngineRuns.OursFirstBug(buggy, pct with { MaxExecutions = 100_000 }, options.BugSeeds)),
            ("ours, DPOR", EngineRuns.Ours(clean, dpor, options.ThroughputRepeats * 5),
                EngineRuns.OursFirstBug(buggy, dpor with { MaxExecutions = 100_000 }, options.BugSeeds)),
            ("Coyote 1.7.11, default portfolio", EngineRuns.Coyote(clean, CoyoteStrategy.DefaultPortfolio, options.CoyoteIterations, MaxSteps, options.ThroughputRepeats),
                EngineRuns.CoyoteFirstBug(buggy, CoyoteStrategy.DefaultPortfolio, 10_000, MaxSteps, options.BugSeeds)),
            ("Coyote 1.7.11, PCT (prioritization)", EngineRuns.Coyote(clean, CoyoteStrategy.Pct, options.CoyoteIterations, MaxSteps, options.ThroughputRepeats),
                EngineRuns.CoyoteFirstBug(buggy, CoyoteStrategy.Pct, 10_000, MaxSteps, options.BugSeeds)),
        };

        var coyote = rows.Skip(2).ToArray();
        var bestCoyoteRate = coyote.Max(r => r.Speed.ExecutionsPerSecond);
        var bestCoyoteBug = coyote.Min(r => r.Bug.MedianMs);
        var table = new ReportTable(
            "Explorer vs Coyote: gup_fast racing a retract (same scenario code, same process)",
            "engine", "executions/s", "decisions/s", "x best Coyote exec/s", "time to first bug (median)", "executions to first bug", "found", "best Coyote TTFB / this");
        foreach (var (engine, speed, bug) in rows)
        {
            table.Add(
                engine,
                Format.Rate(speed.ExecutionsPerSecond),
                Format.Rate(speed.DecisionsPerSecond),
                Format.Ratio(speed.ExecutionsPerSecond / bestCoyoteRate),
                Format.Ms(bug.MedianMs),
                Format.Count((long)bug.MedianExecutions),
                $"{bug.Found}/{bug.Runs} ({bug.Kinds})",
                Format.Ratio(bestCoyoteBug / bug.MedianMs));
        }

        table.Notes.Add($"Throughput: the clean variant (pte_free_defer), {Format.Count(options.ExplorerExecutions)} executions for PCT, DPOR's whole exhaustive search ({Format.Count(rows[1].Speed.Executions)} executions), {Format.Count(options.CoyoteIterations)} Coyote iterations; median of repeats after a warm-up.");
        table.Notes.Add($"Time to first bug: the buggy variant (pte_free while gup_fast walks: use-after-free), {options.BugSeeds} runs with seeds 1..{options.BugSeeds} (DPOR is seedless), engine start-up included.");
        table.Notes.Add("Decisions: emulator scheduling points passed, counted the same way for both engines. Coyote runs each strand as a controlled task from its own Task.Run, a SchedulingPoint.Interleave() at every emulator primitive, Operation.PauseUntil for blocked strands; no binary rewriting is needed for that.");
        report.Add(table);

        foreach (var (engine, speed, bug) in rows.Take(2))
        {
            var rate = speed.ExecutionsPerSecond / bestCoyoteRate;
            report.Check($"{engine}: executions/s vs best Coyote", Format.Ratio(rate), ">= 10x", rate >= 10);
            var ttfb = bug.MedianMs / bestCoyoteBug;
            report.Check($"{engine}: time to first bug vs best Coyote", Format.Ratio(ttfb), "<= 0.1x", ttfb <= 0.1 && bug.Found == bug.Runs);
        }
    }
}
