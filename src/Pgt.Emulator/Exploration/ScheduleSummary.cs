namespace Pgt.Emulator.Exploration;

/// <summary>The schedule part of a report: how to get the same execution again. Deterministic: no timings.</summary>
/// <param name="Scenario">The scenario name.</param>
/// <param name="Strategy">The strategy with its parameters, for instance <c>pct(d=3)</c>.</param>
/// <param name="Seed">The seed of the strategy.</param>
/// <param name="Preemptions">Switches away from a strand that could have continued.</param>
/// <param name="Step">The scheduling point at which the finding was raised.</param>
/// <param name="Steps">Scheduling points in the whole execution.</param>
/// <param name="LastDecisions">The last decisions before the finding, oldest first.</param>
public sealed record ScheduleSummary(
    string Scenario,
    string Strategy,
    ulong Seed,
    int Preemptions,
    int Step,
    int Steps,
    IReadOnlyList<DecisionLine> LastDecisions)
{
    /// <summary>The size of the schedule as found, when it was shrunk to this one; null otherwise.</summary>
    public ShrinkOrigin? Shrunk { get; init; }
}
