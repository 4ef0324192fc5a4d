namespace Pgt.Emulator.Exploration;

/// <summary>One of the last decisions of a schedule, ready to print.</summary>
/// <param name="Step">The scheduling point.</param>
/// <param name="Strand">The strand that ran (strand decisions) or chose (data decisions).</param>
/// <param name="StrandName">Its name, as given at spawn.</param>
/// <param name="Action">The operation it performed next (<c>W 0x3f800</c>) or the data choice (<c>bool=true (label)</c>).</param>
/// <param name="Enabled">Strand decisions: the strands it was chosen from; empty for data choices.</param>
/// <param name="Preemption">Whether this pick preempted a strand that could have continued.</param>
public sealed record DecisionLine(int Step, int Strand, string StrandName, string Action, IReadOnlyList<int> Enabled, bool Preemption);
