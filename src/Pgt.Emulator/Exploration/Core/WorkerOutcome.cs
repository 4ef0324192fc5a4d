namespace Pgt.Emulator.Exploration.Core;

/// <summary>What one worker did.</summary>
internal sealed record WorkerOutcome(
    WorkerPlan Plan,
    string Strategy,
    int Executions,
    long Decisions,
    bool Exhausted,
    StopReason StoppedBy,
    IReadOnlyList<FoundFinding> Findings,
    IReadOnlyList<UnitExecutions> Units,
    int LongestExecution,
    int MostStrands);
