using Pgt.Emulator.Exploration.Strands;
using Pgt.Emulator.Exploration.Strategies;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>
/// Makes a finding's schedule minimal, fewest preemptions first, then fewest steps up to the finding:
/// it rewrites the schedule's blocks (runs of one strand) and runs each rewrite as a real execution
/// (<see cref="GuidedStrategy"/>), keeping it when it ends in the same finding (kind and title) with a
/// smaller (preemptions, steps). Rewrites: let a preempted strand go on (pull its next block forward),
/// run a block after the finding (drop it), halve a block. Deterministic: the
/// rewrites are tried in a fixed order, each one from the best schedule so far, until none improves or
/// the attempt budget is spent.
/// </summary>
internal static class Shrinker
{
    public static FoundFinding Shrink(Scenario scenario, ExplorationOptions options, FoundFinding found)
    {
        if (found.Finding.Kind is StandardFindings.HangKind or StandardFindings.DivergedKind or StandardFindings.ExplorerErrorKind)
        {
            return found; // A hang costs a watchdog per attempt; the others are not schedules to shrink.
        }

        using var backend = options.Backend?.Invoke() ?? new ThreadStrandBackend();
        var trace = found.Trace;
        var best = new Candidate(Blocks(trace.Decisions), Values(trace.Decisions), found.Schedule.Preemptions, found.Schedule.Step, null, default);
        var attempts = 0;
        var improved = true;
        while (improved && attempts < options.ShrinkAttempts && !options.Cancellation.IsCancellationRequested)
        {
            improved = false;
            foreach (var blocks in Rewrites(best.Blocks))
            {
                if (attempts++ >= options.ShrinkAttempts || options.Cancellation.IsCancellationRequested)
                {
                    break;
                }

                if (Run(scenario, options, backend, trace.StrategyDescription, blocks, best.Values, found.Finding) is { } candidate
                    && (candidate.Preemptions < best.Preemptions || (candidate.Preemptions == best.Preemptions && candidate.Step < best.Step)))
                {
                    best = candidate;
                    improved = true;
                    break;
                }
            }
        }

        if (best.Log is null)
        {
            return found;
        }

        var origin = found.Schedule.Shrunk ?? new ShrinkOrigin(found.Schedule.Step, found.Schedule.Preemptions);
        var summary = ScheduleSummaries.Build(scenario.Name, found.Schedule.Strategy, found.Schedule.Seed, best.Log, best.Outcome.FindingStep, best.Outcome.Steps)
            with { Shrunk = origin };
        var shrunk = ScheduleSummaries.BuildTrace(
            scenario.Name, trace.Strategy, trace.StrategyDescription, trace.Seed, trace.Bounds, best.Log, best.Outcome.Finding) with { Shrunk = origin };
        return found with { Finding = best.Outcome.Finding!, Schedule = summary, Trace = shrunk };
    }

    /// <summary>The rewrites of a schedule, in the order they are tried.</summary>
    private static IEnumerable<List<ScheduleBlock>> Rewrites(List<ScheduleBlock> blocks)
    {
        // Fewer preemptions: where a strand was switched away from, let it go on (pull its next block forward).
        for (var k = 1; k < blocks.Count; k++)
        {
            var previous = blocks[k - 1].Strand;
            var next = blocks.FindIndex(k, block => block.Strand == previous);
            if (next > k)
            {
                var rewrite = new List<ScheduleBlock>(blocks);
                var pulled = rewrite[next];
                rewrite.RemoveAt(next);
                rewrite.Insert(k, pulled);
                yield return rewrite;
            }
        }

        // Fewer steps: a block the finding does not need runs after it (dropped), or runs half as long.
        for (var k = blocks.Count - 1; k >= 0; k--)
        {
            var rewrite = new List<ScheduleBlock>(blocks);
            rewrite.RemoveAt(k);
            yield return rewrite;
        }

        for (var k = blocks.Count - 1; k >= 0; k--)
        {
            if (blocks[k].Length > 1)
            {
                var rewrite = new List<ScheduleBlock>(blocks);
                rewrite[k] = rewrite[k] with { Length = blocks[k].Length / 2 };
                yield return rewrite;
            }
        }
    }

    private static Candidate? Run(
        Scenario scenario, ExplorationOptions options, IStrandBackend backend, string description,
        List<ScheduleBlock> blocks, List<int> values, Finding wanted)
    {
        var strategy = new GuidedStrategy(description, blocks, values);
        strategy.PrepareExecution();
        var execution = new Execution(strategy, backend, options.MaxSteps, options.Watchdog);
        var outcome = execution.Run(scenario.Body);
        if (outcome.Finding is not { } finding || finding.Kind != wanted.Kind || finding.Title != wanted.Title)
        {
            return null;
        }

        var log = execution.Log;
        var preemptions = log.Decisions.Count(decision => decision.IsPreemption);
        return new Candidate(Blocks(log.Decisions), Values(log.Decisions), preemptions, outcome.FindingStep, log, outcome);
    }

    private static List<ScheduleBlock> Blocks(IEnumerable<ScheduleDecision> decisions)
    {
        var blocks = new List<ScheduleBlock>();
        foreach (var decision in decisions)
        {
            if (decision.Kind != DecisionKind.Strand)
            {
                continue;
            }

            if (blocks.Count > 0 && blocks[^1].Strand == decision.Value)
            {
                blocks[^1] = blocks[^1] with { Length = blocks[^1].Length + 1 };
            }
            else
            {
                blocks.Add(new ScheduleBlock(decision.Value, 1));
            }
        }

        return blocks;
    }

    private static List<int> Values(IEnumerable<ScheduleDecision> decisions) =>
        decisions.Where(decision => decision.Kind != DecisionKind.Strand).Select(decision => decision.Value).ToList();

    private sealed record Candidate(List<ScheduleBlock> Blocks, List<int> Values, int Preemptions, int Step, ExecutionLog? Log, ExecutionOutcome Outcome);
}
