using Pgt.Emulator.Exploration.Core;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// Follows a recorded trace decision by decision and checks, at each one, that the program offers the
/// same choice (enabled set, operation, label). A small mismatch is noted and the replay goes on as far
/// as it can (best effort); a recorded choice that is impossible ends the execution.
/// </summary>
internal sealed class ReplayStrategy : IExplorationStrategy
{
    private readonly Trace _trace;
    private int _next;
    private bool _prepared;

    public ReplayStrategy(Trace trace) => this._trace = trace;

    public string Description => _trace.StrategyDescription;

    public bool Exhausted => _prepared;

    /// <summary>The first mismatch, as one line, or null while the replay follows the trace exactly.</summary>
    public string? Divergence { get; private set; }

    public bool PrepareExecution()
    {
        if (_prepared)
        {
            return false;
        }

        _prepared = true;
        return true;
    }

    public int ChooseStrand(in SchedulingPoint point)
    {
        if (_next >= _trace.Decisions.Count)
        {
            Note(point.Step, $"the trace ends after {_trace.Decisions.Count} decisions but the execution goes on");
            // Keep going the cheapest way: the running strand if it can, else the lowest enabled one.
            return point.ActorEnabled ? point.Actor : System.Numerics.BitOperations.TrailingZeroCount(point.Enabled);
        }

        var recorded = _trace.Decisions[_next++];
        if (recorded.Kind != DecisionKind.Strand)
        {
            throw Diverged(point.Step, $"the trace has a data choice ({recorded.Label}) where the program reached a scheduling point");
        }

        if ((point.Enabled & (1UL << recorded.Value)) == 0)
        {
            throw Diverged(point.Step, $"the trace runs T{recorded.Value}, which is not enabled now");
        }

        if (recorded.Enabled != point.Enabled)
        {
            Note(point.Step, "the enabled strands differ from the trace");
        }
        else if (recorded.Operation != point.PendingOf(recorded.Value))
        {
            Note(point.Step, $"T{recorded.Value}'s next operation differs from the trace");
        }

        return recorded.Value;
    }

    public int ChooseValue(in DataPoint point)
    {
        if (_next >= _trace.Decisions.Count)
        {
            Note(point.Step, $"the trace ends after {_trace.Decisions.Count} decisions but the execution goes on");
            return 0;
        }

        var recorded = _trace.Decisions[_next++];
        if (recorded.Kind == DecisionKind.Strand || recorded.Count != point.Count)
        {
            throw Diverged(point.Step, $"the program makes a choice '{point.Label}' of {point.Count} that the trace does not have here");
        }

        if (recorded.Label != point.Label)
        {
            Note(point.Step, $"the choice is labelled '{point.Label}', the trace says '{recorded.Label}'");
        }

        return recorded.Value;
    }

    public void CompleteExecution(ExecutionLog log)
    {
        if (_next < _trace.Decisions.Count && Divergence is null)
        {
            var steps = log.Decisions.Count(d => d.Kind == DecisionKind.Strand);
            Divergence = $"best-effort replay diverged at step {steps}: the execution ended with {_trace.Decisions.Count - _next} decisions of the trace left";
        }
    }

    private void Note(int step, string what) =>
        Divergence ??= $"best-effort replay diverged at step {step}: {what}";

    private ScheduleDivergedException Diverged(int step, string what)
    {
        Note(step, what);
        return new ScheduleDivergedException($"best-effort replay diverged at step {step}: {what}");
    }
}
