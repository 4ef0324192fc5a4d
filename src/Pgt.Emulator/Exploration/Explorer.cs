using Pgt.Emulator.Exploration.Core;
using Pgt.Emulator.Exploration.Strands;
using Pgt.Emulator.Exploration.Strategies;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration;

/// <summary>
/// Runs a scenario under many schedules (<see cref="Explore"/>) or under one recorded schedule
/// (<see cref="Replay"/>). Bad scenario code (exceptions, endless loops, deadlocks) becomes a finding;
/// bad options or traces become an <see cref="ArgumentException"/> or <see cref="TraceException"/>
/// with a one-line message.
/// </summary>
public static class Explorer
{
    /// <summary>
    /// Explores <paramref name="scenario"/>. With <see cref="ExplorationOptions.Workers"/> &gt; 1 it runs a
    /// portfolio: worker 0 runs the chosen strategy and seed; worker k runs seed <c>Seed + k</c> with random
    /// when the chosen strategy is random and PCT otherwise. The executions budget is shared out. The first
    /// finding reported is the one of the earliest execution index, ties going to the lowest worker, so
    /// the result does not depend on which thread is faster.
    /// </summary>
    public static ExplorationResult Explore(Scenario scenario, ExplorationOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var shared = new ExplorationShared(options);
        if (options.Shard is { } shard)
        {
            return ExploreShard(scenario, options, shard, shared);
        }

        var plans = Plan(options);
        var outcomes = new WorkerOutcome[plans.Length];
        if (plans.Length == 1)
        {
            outcomes[0] = WorkerRun.Run(scenario, options, plans[0], shared);
        }
        else
        {
            RunInParallel(scenario, options, plans, shared, outcomes);
        }

        shared.ReportFinal();
        return ShrinkFirst(scenario, options, Combine(scenario, options, outcomes, shared));
    }

    /// <summary>With <see cref="ExplorationOptions.Shrink"/>, the first finding's schedule made minimal (see <see cref="Shrinker"/>).</summary>
    private static ExplorationResult ShrinkFirst(Scenario scenario, ExplorationOptions options, ExplorationResult result)
    {
        if (!options.Shrink || result.FirstFinding is not { } first)
        {
            return result;
        }

        var shrunk = Shrinker.Shrink(scenario, options, first);
        var findings = result.Findings.Select(found => ReferenceEquals(found, first) ? shrunk : found).ToList();
        return result with { FirstFinding = shrunk, Findings = findings };
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> once, following <paramref name="trace"/>. The same program gives the
    /// same finding and the same report, byte for byte; <see cref="ExecutionResult.Divergence"/> says where
    /// a changed program no longer matches the trace.
    /// </summary>
    public static ExecutionResult Replay(Scenario scenario, Trace trace, TimeSpan? watchdog = null, Func<IStrandBackend>? backend = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Scenario != scenario.Name)
        {
            throw new TraceException($"the trace is of scenario '{trace.Scenario}', not '{scenario.Name}'");
        }

        if (trace.FormatVersion != Trace.CurrentFormatVersion)
        {
            throw new TraceException($"the trace has format version {trace.FormatVersion}; this tool replays version {Trace.CurrentFormatVersion}");
        }

        var limit = watchdog ?? new ExplorationOptions().Watchdog;
        using var strands = backend?.Invoke() ?? new ThreadStrandBackend();
        var strategy = new ReplayStrategy(trace);
        strategy.PrepareExecution();
        var execution = new Execution(strategy, strands, trace.Bounds.MaxSteps, limit);
        var outcome = execution.Run(scenario.Body);
        strategy.CompleteExecution(execution.Log);
        var followed = ScheduleSummaries.BuildTrace(
            scenario.Name, trace.Strategy, trace.StrategyDescription, trace.Seed, trace.Bounds, execution.Log, outcome.Finding) with { Shrunk = trace.Shrunk };
        FoundFinding? found = null;
        if (outcome.Finding is { } finding)
        {
            var summary = ScheduleSummaries.Build(
                scenario.Name, trace.StrategyDescription, trace.Seed, execution.Log, outcome.FindingStep, outcome.Steps) with { Shrunk = trace.Shrunk };
            found = new FoundFinding(finding, summary, followed, 0, 0, TimeSpan.Zero);
        }

        return new ExecutionResult(found, outcome.Steps, followed, strategy.Divergence);
    }

    /// <summary>
    /// One shard: random/PCT shard k runs worker k's plan of a portfolio of n workers (so n shards merged
    /// give what <c>Workers = n</c> gives); DFS/DPOR shard k runs the strategy on its units of the split
    /// with the whole budget.
    /// </summary>
    private static ExplorationResult ExploreShard(Scenario scenario, ExplorationOptions options, ExplorationShard shard, ExplorationShared shared)
    {
        var systematic = options.Strategy is StrategyKind.Dfs or StrategyKind.Dpor;
        var plan = systematic
            ? new WorkerPlan(0, options.Strategy, options.Seed, options.MaxExecutions)
            : Plan(options with { Workers = shard.Count })[shard.Index];
        var outcome = WorkerRun.Run(scenario, options, plan, shared);
        shared.ReportFinal();
        var first = outcome.Findings.Count > 0 ? outcome.Findings[0] : null;
        var stoppedBy = outcome.StoppedBy == StopReason.Finding && first is null ? StopReason.MaxExecutions : outcome.StoppedBy;
        var result = new ExplorationResult(
            scenario.Name, outcome.Strategy, outcome.Executions, outcome.Decisions, outcome.Exhausted, stoppedBy, first, outcome.Findings, shared.Elapsed)
        {
            Shard = shard,
            Units = outcome.Units,
            LongestExecution = outcome.LongestExecution,
            MostStrands = outcome.MostStrands,
            PreemptionBound = SystematicBound(options),
        };
        return ShrinkFirst(scenario, options, result);
    }

    private static WorkerPlan[] Plan(ExplorationOptions options)
    {
        var plans = new WorkerPlan[options.Workers];
        var share = options.MaxExecutions / options.Workers;
        var extra = options.MaxExecutions % options.Workers;
        for (var worker = 0; worker < plans.Length; worker++)
        {
            var strategy = worker == 0 ? options.Strategy
                : options.Strategy == StrategyKind.Random ? StrategyKind.Random
                : StrategyKind.Pct;
            var budget = Math.Max(1, share + (worker < extra ? 1 : 0));
            plans[worker] = new WorkerPlan(worker, strategy, unchecked(options.Seed + (ulong)worker), budget);
        }

        return plans;
    }

    private static void RunInParallel(
        Scenario scenario, ExplorationOptions options, WorkerPlan[] plans, ExplorationShared shared, WorkerOutcome[] outcomes)
    {
        var threads = new Thread[plans.Length];
        var failures = new Exception?[plans.Length];
        for (var i = 0; i < plans.Length; i++)
        {
            var worker = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    outcomes[worker] = WorkerRun.Run(scenario, options, plans[worker], shared);
                }
                catch (Exception exception)
                {
                    failures[worker] = exception;
                }
            })
            {
                IsBackground = true,
                Name = $"pgt-worker-{worker}",
            };
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        foreach (var failure in failures)
        {
            if (failure is not null)
            {
                throw new InvalidOperationException($"a portfolio worker failed: {failure.Message}", failure);
            }
        }
    }

    private static ExplorationResult Combine(Scenario scenario, ExplorationOptions options, WorkerOutcome[] outcomes, ExplorationShared shared)
    {
        var all = outcomes
            .SelectMany(outcome => outcome.Findings)
            .OrderBy(found => found.Execution)
            .ThenBy(found => found.Worker)
            .ToList();
        var distinct = new List<FoundFinding>();
        var seen = new HashSet<(string, string)>();
        foreach (var found in all)
        {
            if (options.StopAtFirstFinding && distinct.Count == 1)
            {
                break;
            }

            if (seen.Add((found.Finding.Kind, found.Finding.Title)))
            {
                distinct.Add(found);
            }
        }

        var first = distinct.Count > 0 ? distinct[0] : null;
        long executions = 0;
        long decisions = 0;
        foreach (var outcome in outcomes)
        {
            // Count each worker only up to the winning execution, so the figure does not depend on timing.
            executions += first is not null && options.StopAtFirstFinding
                ? Math.Min(outcome.Executions, first.Execution + 1)
                : outcome.Executions;
            decisions += outcome.Decisions;
        }

        var lead = outcomes[0];
        var stoppedBy = first is not null && options.StopAtFirstFinding ? StopReason.Finding
            : outcomes.Any(outcome => outcome.StoppedBy == StopReason.Cancelled) ? StopReason.Cancelled
            : lead.StoppedBy == StopReason.Finding ? StopReason.MaxExecutions
            : lead.StoppedBy;
        return new ExplorationResult(
            scenario.Name, lead.Strategy, executions, decisions, lead.Exhausted, stoppedBy, first, distinct, shared.Elapsed)
        {
            LongestExecution = outcomes.Max(outcome => outcome.LongestExecution),
            MostStrands = outcomes.Max(outcome => outcome.MostStrands),
            PreemptionBound = SystematicBound(options),
        };
    }

    /// <summary>The preemption bound worker 0 explored within: DFS and DPOR honour it, random and PCT do not.</summary>
    private static int? SystematicBound(ExplorationOptions options) =>
        options.Strategy is StrategyKind.Dfs or StrategyKind.Dpor ? options.PreemptionBound : null;
}
