namespace Pgt.Emulator.Exploration;

/// <summary>A snapshot for a progress display; never part of a report.</summary>
/// <param name="Executions">Executions finished so far, over every worker.</param>
/// <param name="Findings">Executions that ended with a finding so far.</param>
/// <param name="Elapsed">Wall-clock time since the exploration started.</param>
public readonly record struct ExplorationProgress(long Executions, long Findings, TimeSpan Elapsed);
