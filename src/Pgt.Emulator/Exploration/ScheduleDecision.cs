namespace Pgt.Emulator.Exploration;

/// <summary>
/// One decision of an execution, as a trace stores it. A strand decision records which strand runs next
/// (<see cref="Value"/>), the enabled set it chose from and that strand's next operation; a data decision
/// records the value, the number of options and the label.
/// </summary>
/// <param name="Kind">Strand pick or data choice.</param>
/// <param name="Step">The scheduling point it was taken at (data choices share the step of the point before them).</param>
/// <param name="Actor">The strand that was running when the decision was taken; -1 before the first one.</param>
/// <param name="ActorEnabled">Whether <paramref name="Actor"/> could have continued (switching away is then a preemption).</param>
/// <param name="Value">The strand picked, or the data value (0/1 for a bool).</param>
/// <param name="Count">Data choices: the number of options; 0 for strand decisions.</param>
/// <param name="Enabled">Strand decisions: the enabled strands as a bit mask (bit i = strand i).</param>
/// <param name="Operation">Strand decisions: the operation the picked strand performs next.</param>
/// <param name="Label">Data choices: the label given by the caller.</param>
public readonly record struct ScheduleDecision(
    DecisionKind Kind,
    int Step,
    int Actor,
    bool ActorEnabled,
    int Value,
    int Count,
    ulong Enabled,
    Operation Operation,
    string? Label)
{
    /// <summary>A switch away from a strand that could have continued.</summary>
    public bool IsPreemption => Kind == DecisionKind.Strand && ActorEnabled && Value != Actor;
}
