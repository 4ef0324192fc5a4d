using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration;

/// <summary>A finding with everything needed to report and replay it.</summary>
/// <param name="Finding">What the checker (or the explorer) reported.</param>
/// <param name="Schedule">The schedule summary printed under the report.</param>
/// <param name="Trace">The full schedule; <see cref="Explorer.Replay"/> reproduces the finding from it.</param>
/// <param name="Execution">The execution (0-based, within its worker) that found it.</param>
/// <param name="Worker">The portfolio worker that found it (0 without a portfolio).</param>
/// <param name="Elapsed">Wall-clock time from the start of the exploration; not part of any report.</param>
public sealed record FoundFinding(
    Finding Finding,
    ScheduleSummary Schedule,
    Trace Trace,
    int Execution,
    int Worker,
    TimeSpan Elapsed)
{
    /// <summary>DFS/DPOR shards: the unit of the split the execution belongs to; -1 without a split.</summary>
    public long Unit { get; init; } = -1;
}
