using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Emulator.Exploration;

/// <summary>The outcome of one execution, as <see cref="Explorer.Replay"/> returns it.</summary>
/// <param name="Finding">The finding it ended with, or <c>null</c> for a clean execution.</param>
/// <param name="Steps">Scheduling points executed.</param>
/// <param name="Trace">The schedule that was actually followed.</param>
/// <param name="Divergence">
/// <c>null</c> when the replay followed the trace exactly; otherwise a one-line explanation such as
/// <c>best-effort replay diverged at step 12: ...</c>.
/// </param>
public sealed record ExecutionResult(FoundFinding? Finding, int Steps, Trace Trace, string? Divergence);
