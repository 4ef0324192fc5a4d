using System.Globalization;
using System.Numerics;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>Builds the schedule summary and the trace of a finished execution from its log.</summary>
internal static class ScheduleSummaries
{
    /// <summary>How many of the last decisions a report shows.</summary>
    public const int LastDecisionCount = 12;

    public static ScheduleSummary Build(string scenario, string strategy, ulong seed, ExecutionLog log, int step, int steps)
    {
        var decisions = log.Decisions;
        var preemptions = 0;
        foreach (var decision in decisions)
        {
            if (decision.IsPreemption)
            {
                preemptions++;
            }
        }

        var lines = new List<DecisionLine>(LastDecisionCount);
        for (var i = Math.Max(0, decisions.Count - LastDecisionCount); i < decisions.Count; i++)
        {
            lines.Add(Line(decisions[i], log.StrandNames));
        }

        return new ScheduleSummary(scenario, strategy, seed, preemptions, step, steps, lines);
    }

    public static Trace BuildTrace(
        string scenario, StrategyKind strategy, string description, ulong seed, TraceBounds bounds, ExecutionLog log, Finding? finding) =>
        new(
            Trace.CurrentFormatVersion,
            TraceFile.ToolVersion,
            scenario,
            strategy,
            description,
            seed,
            bounds,
            log.StrandNames.ToArray(),
            log.Decisions.ToArray(),
            finding?.Kind,
            finding?.Title);

    private static DecisionLine Line(ScheduleDecision decision, IReadOnlyList<string> names)
    {
        if (decision.Kind == DecisionKind.Strand)
        {
            var enabled = new List<int>(BitOperations.PopCount(decision.Enabled));
            for (var mask = decision.Enabled; mask != 0; mask &= mask - 1)
            {
                enabled.Add(BitOperations.TrailingZeroCount(mask));
            }

            return new DecisionLine(
                decision.Step,
                decision.Value,
                names[decision.Value],
                OperationText.Format(decision.Operation),
                enabled,
                decision.IsPreemption);
        }

        var choice = decision.Kind == DecisionKind.Bool
            ? $"bool={(decision.Value != 0 ? "true" : "false")}"
            : string.Create(CultureInfo.InvariantCulture, $"int={decision.Value} of {decision.Count}");
        return new DecisionLine(decision.Step, decision.Actor, names[decision.Actor], $"{choice} ({decision.Label})", [], false);
    }
}
