namespace Pgt.Emulator.Exploration;

/// <summary>What an exploration did and found.</summary>
/// <param name="Scenario">The scenario name.</param>
/// <param name="Strategy">Worker 0's strategy with its parameters, for instance <c>dpor</c>.</param>
/// <param name="Executions">Executions run (over every worker).</param>
/// <param name="Decisions">Scheduling points taken (over every worker).</param>
/// <param name="Exhausted">DFS/DPOR explored every schedule within the bounds (worker 0).</param>
/// <param name="StoppedBy">Why it stopped.</param>
/// <param name="FirstFinding">
/// The first finding in a deterministic order (earliest execution, then lowest worker), or <c>null</c>.
/// </param>
/// <param name="Findings">Distinct findings (by kind and title), each with its first occurrence, in the same order.</param>
/// <param name="Elapsed">Wall-clock time of the whole exploration.</param>
public sealed record ExplorationResult(
    string Scenario,
    string Strategy,
    long Executions,
    long Decisions,
    bool Exhausted,
    StopReason StoppedBy,
    FoundFinding? FirstFinding,
    IReadOnlyList<FoundFinding> Findings,
    TimeSpan Elapsed)
{
    /// <summary>The shard explored (null: the whole exploration).</summary>
    public ExplorationShard? Shard { get; init; }

    /// <summary>DFS/DPOR shards: executions per unit of the split, in unit order; what a merge needs.</summary>
    public IReadOnlyList<UnitExecutions> Units { get; init; } = [];

    /// <summary>Steps of the longest execution run: how close the step bound came.</summary>
    public int LongestExecution { get; init; }

    /// <summary>The most strands any execution had (the scenario's own, spawned by its code).</summary>
    public int MostStrands { get; init; }

    /// <summary>DFS/DPOR: the most preemptions a schedule was allowed (null: no bound); an exhaustive verdict holds within it.</summary>
    public int? PreemptionBound { get; init; }

    /// <summary>Distinct findings (by kind and title).</summary>
    public int DistinctFindings => Findings.Count;
}
