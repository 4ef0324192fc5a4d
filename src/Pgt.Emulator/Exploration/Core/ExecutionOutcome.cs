namespace Pgt.Emulator.Exploration.Core;

/// <summary>How one execution ended, before the explorer dresses it up as a <see cref="FoundFinding"/>.</summary>
internal readonly record struct ExecutionOutcome(Finding? Finding, int FindingStep, int Steps, bool Pruned);
