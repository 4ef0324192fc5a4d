using Pgt.Emulator.Exploration.Strands;
using Pgt.Emulator.Exploration.Strategies;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>One worker's loop: prepare, execute, learn, until a stop condition holds.</summary>
internal static class WorkerRun
{
    // Without StopAtFirstFinding a scenario could produce endless distinct titles; keep memory bounded.
    private const int MaxDistinctFindings = 1000;

    public static WorkerOutcome Run(Scenario scenario, ExplorationOptions options, WorkerPlan plan, ExplorationShared shared)
    {
        using var backend = options.Backend?.Invoke() ?? new ThreadStrandBackend();
        var strategy = StrategyFactory.Create(plan.Strategy, plan.Seed, options);
        var bounds = new TraceBounds(options.MaxSteps, options.PreemptionBound, options.PctDepth);
        var findings = new List<FoundFinding>();
        var units = new List<UnitExecutions>();
        var longest = 0;
        var mostStrands = 0;
        var seen = new HashSet<(string Kind, string Title)>();
        long decisions = 0;
        var executions = 0;
        var exhausted = false;
        StopReason reason;
        while (true)
        {
            if (executions >= plan.Budget)
            {
                reason = StopReason.MaxExecutions;
                break;
            }

            if (shared.ShouldStopBefore(executions))
            {
                reason = StopReason.Finding;
                break;
            }

            if (shared.TimedOut)
            {
                reason = StopReason.Timeout;
                break;
            }

            if (options.Cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            if (!strategy.PrepareExecution())
            {
                exhausted = true;
                reason = StopReason.Exhausted;
                break;
            }

            var execution = new Execution(strategy, backend, options.MaxSteps, options.Watchdog);
            var outcome = execution.Run(scenario.Body);
            strategy.CompleteExecution(execution.Log);
            if (!strategy.LastExecutionOwned)
            {
                continue; // Another shard's: it runs and reports it.
            }

            CountUnit(units, strategy.LastExecutionUnit);
            decisions += outcome.Steps;
            longest = Math.Max(longest, outcome.Steps);
            mostStrands = Math.Max(mostStrands, execution.Log.StrandNames.Count);
            var index = executions++;
            shared.ExecutionDone(outcome.Finding is not null);
            if (outcome.Finding is not { } finding)
            {
                continue;
            }

            if (findings.Count < MaxDistinctFindings && seen.Add((finding.Kind, finding.Title)))
            {
                var summary = ScheduleSummaries.Build(scenario.Name, strategy.Description, plan.Seed, execution.Log, outcome.FindingStep, outcome.Steps);
                var trace = ScheduleSummaries.BuildTrace(scenario.Name, plan.Strategy, strategy.Description, plan.Seed, bounds, execution.Log, finding);
                findings.Add(new FoundFinding(finding, summary, trace, index, plan.Worker, shared.Elapsed) { Unit = strategy.LastExecutionUnit });
            }

            if (options.StopAtFirstFinding)
            {
                shared.FoundAt(index);
                reason = StopReason.Finding;
                break;
            }
        }

        return new WorkerOutcome(plan, strategy.Description, executions, decisions, exhausted || strategy.Exhausted, reason, findings, units, longest, mostStrands);
    }

    /// <summary>Units come in increasing order and each one's executions in a row, so counting the last one suffices.</summary>
    private static void CountUnit(List<UnitExecutions> units, long unit)
    {
        if (unit < 0)
        {
            return;
        }

        if (units.Count > 0 && units[^1].Unit == unit)
        {
            units[^1] = units[^1] with { Executions = units[^1].Executions + 1 };
        }
        else
        {
            units.Add(new UnitExecutions(unit, 1));
        }
    }
}
