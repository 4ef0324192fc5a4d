namespace Pgt.Emulator.Exploration.Core;

/// <summary>What one execution did: every decision in order and where each strand was spawned.</summary>
internal sealed class ExecutionLog
{
    public List<ScheduleDecision> Decisions { get; } = new();

    public List<string> StrandNames { get; } = new();

    /// <summary>Per strand: the index in <see cref="Decisions"/> of the step that spawned it (-1 for main).</summary>
    public List<int> SpawnEvents { get; } = new();

    /// <summary>
    /// Per strand, at the end of the execution: the operation it was about to perform, or null once it
    /// had finished. DPOR treats these as one more step of each unfinished strand.
    /// </summary>
    public List<Operation?> FinalPending { get; } = new();

    /// <summary>The execution was cut short by the strategy (sleep-set blocked or over the bound).</summary>
    public bool Pruned { get; set; }

    public bool HasFinding { get; set; }
}
