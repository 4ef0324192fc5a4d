using Pgt.Benchmarks.Report;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace Pgt.Benchmarks.Exploration;

/// <summary>
/// Issue 3's figures: executions/s and decisions/s per strategy on the canonical scenario (gup_fast vs
/// retract with deferred free, plus the grace-period engine), and executions for full coverage by plain
/// DFS vs DPOR, on the canonical scenario and, exactly, on small programs where plain DFS finishes.
/// </summary>
internal static class ExplorerStrategyBenchmark
{
    public const string Section = "strategies";

    public static void Run(BenchOptions options, BenchReport report)
    {
        var scenario = GupFastVsRetract.Create(RetractFree.Deferred);
        var budget = options.ExplorerExecutions;
        var strategies = new (string Name, ExplorationOptions Options, int Repeats)[]
        {
            ("random", new() { Strategy = StrategyKind.Random, Seed = 1, MaxExecutions = budget }, options.ThroughputRepeats),
            ("PCT (d=3)", new() { Strategy = StrategyKind.Pct, Seed = 1, MaxExecutions = budget }, options.ThroughputRepeats),
            ("DFS (sleep sets, iterated preemption bound)", new() { Strategy = StrategyKind.Dfs, MaxExecutions = budget }, options.ThroughputRepeats),
            ("DPOR", new() { Strategy = StrategyKind.Dpor, MaxExecutions = budget }, options.ThroughputRepeats * 5),
        };
        var speed = new ReportTable(
            "Explorer speed per strategy: canonical scenario (gup_fast vs retract + pte_free_defer + RCU engine), one worker",
            "strategy", "executions", "executions/s", "decisions/s", "decisions per execution");
        double pctDecisions = 0;
        foreach (var (name, strategyOptions, repeats) in strategies)
        {
            var result = EngineRuns.Ours(scenario, strategyOptions, repeats);
            if (strategyOptions.Strategy == StrategyKind.Pct)
            {
                pctDecisions = result.DecisionsPerSecond;
            }

            speed.Add(name, Format.Count(result.Executions), Format.Rate(result.ExecutionsPerSecond), Format.Rate(result.DecisionsPerSecond),
                Format.Count(result.Decisions / Math.Max(1, result.Executions)));
        }

        speed.Notes.Add("One worker thread (plus the strand threads it hands the baton to, one running at a time); median of repeats after a warm-up.");
        report.Add(speed);
        report.Check("PCT decisions/s, one worker", Format.Rate(pctDecisions), ">= 200 k/s", pctDecisions >= 200_000);

        var coverage = new ReportTable("Executions for full coverage: plain DFS vs DPOR", "program", "plain DFS", "DPOR", "DFS / DPOR");
        var dpor = Explorer.Explore(scenario, new ExplorationOptions { Strategy = StrategyKind.Dpor, MaxExecutions = 1_000_000 });
        var plain = Explorer.Explore(scenario, PlainDfs(options.PlainDfsCap));
        var canonicalRatio = (double)plain.Executions / dpor.Executions;
        coverage.Add(
            "canonical scenario",
            plain.Exhausted ? Format.Count(plain.Executions) : $"> {Format.Count(plain.Executions)} (stopped, not exhausted)",
            Exhausted(dpor),
            (plain.Exhausted ? "" : ">= ") + Format.Ratio(canonicalRatio));
        foreach (var (strands, steps) in options.CoveragePrograms)
        {
            var program = GrowthScenario.Create(strands, steps, sharedEvery: 2);
            var exactDfs = Explorer.Explore(program, PlainDfs(options.SmallProgramCap));
            var exactDpor = Explorer.Explore(program, new ExplorationOptions { Strategy = StrategyKind.Dpor, MaxExecutions = options.SmallProgramCap });
            coverage.Add(
                $"{strands} strands x {steps} steps (every 2nd step shared)",
                Exhausted(exactDfs),
                Exhausted(exactDpor),
                Format.Ratio((double)exactDfs.Executions / exactDpor.Executions));
        }

        coverage.Notes.Add($"Plain DFS: no sleep sets, no preemption bound. On the canonical scenario it cannot finish; it is stopped after {Format.Count(options.PlainDfsCap)} executions, so the ratio is a lower bound.");
        report.Add(coverage);
        var ratioMet = (plain.Exhausted || canonicalRatio >= 10) && dpor.Exhausted && canonicalRatio >= 10;
        report.Check("Plain DFS / DPOR executions for full coverage (canonical)", (plain.Exhausted ? "" : ">= ") + Format.Ratio(canonicalRatio), ">= 10x", ratioMet);
    }

    private static ExplorationOptions PlainDfs(int cap) =>
        new() { Strategy = StrategyKind.Dfs, MaxExecutions = cap, UseSleepSets = false, PreemptionBound = null, IteratePreemptionBound = false };

    private static string Exhausted(ExplorationResult result) =>
        result.Exhausted ? Format.Count(result.Executions) : $"> {Format.Count(result.Executions)} (not exhausted)";
}
