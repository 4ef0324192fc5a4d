namespace Pgt.Emulator.Exploration.Traces;

/// <summary>
/// Everything needed to run one execution again: the scenario, how it was found and every decision,
/// data choices included. <see cref="TraceFile"/> reads and writes it as JSON.
/// </summary>
/// <param name="FormatVersion">The trace format; <see cref="TraceFile"/> refuses other versions.</param>
/// <param name="ToolVersion">The version of the emulator that wrote it (informational).</param>
/// <param name="Scenario">The scenario name; replay refuses a trace of another scenario.</param>
/// <param name="Strategy">The strategy that found the schedule.</param>
/// <param name="StrategyDescription">The strategy with its parameters, as reports print it.</param>
/// <param name="Seed">The strategy's seed.</param>
/// <param name="Bounds">The bounds in force; replay uses the same step bound.</param>
/// <param name="Strands">Strand names in spawn order (strand i is <c>T{i}</c>).</param>
/// <param name="Decisions">Every decision of the execution in order.</param>
/// <param name="FindingKind">The kind of the finding the execution ended with, if any.</param>
/// <param name="FindingTitle">Its title, if any.</param>
/// <param name="Host">
/// Optional metadata of the tool that ran the scenario (for <c>pgt</c>: the scenario method and its source
/// files), so the tool can rebuild the scenario to replay it; the explorer neither reads nor checks it.
/// </param>
public sealed record Trace(
    int FormatVersion,
    string ToolVersion,
    string Scenario,
    StrategyKind Strategy,
    string StrategyDescription,
    ulong Seed,
    TraceBounds Bounds,
    IReadOnlyList<string> Strands,
    IReadOnlyList<ScheduleDecision> Decisions,
    string? FindingKind,
    string? FindingTitle,
    IReadOnlyDictionary<string, string>? Host = null)
{
    /// <summary>The size of the schedule as found, when this one is its shrunk form; null otherwise.</summary>
    public ShrinkOrigin? Shrunk { get; init; }

    /// <summary>The format this version of the tool writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Two traces describe the same schedule (tool version aside).</summary>
    public bool SameSchedule(Trace other) =>
        Scenario == other.Scenario
        && Strategy == other.Strategy
        && Seed == other.Seed
        && Bounds == other.Bounds
        && Strands.SequenceEqual(other.Strands)
        && Decisions.SequenceEqual(other.Decisions);
}
