namespace Pgt.Emulator.Exploration;

/// <summary>What a merge needs of one shard's exploration of one scenario.</summary>
/// <param name="Shard">Which shard.</param>
/// <param name="Systematic">DFS or DPOR (split into units) rather than random or PCT (a portfolio worker).</param>
/// <param name="Executions">Executions the shard ran and owns.</param>
/// <param name="Exhausted">The shard explored all its part.</param>
/// <param name="StoppedBy">Why the shard stopped.</param>
/// <param name="Units">DFS/DPOR: executions per unit, in unit order.</param>
/// <param name="FindingExecution">The shard's first finding: its execution index within the shard; null for none.</param>
/// <param name="FindingUnit">DFS/DPOR: the unit of that execution.</param>
public sealed record ShardOutcome(
    ExplorationShard Shard,
    bool Systematic,
    long Executions,
    bool Exhausted,
    StopReason StoppedBy,
    IReadOnlyList<UnitExecutions> Units,
    long? FindingExecution,
    long FindingUnit)
{
    public static ShardOutcome From(ExplorationResult result, bool systematic)
    {
        ArgumentNullException.ThrowIfNull(result);
        var shard = result.Shard ?? throw new ArgumentException("the exploration is not a shard");
        return new ShardOutcome(
            shard, systematic, result.Executions, result.Exhausted, result.StoppedBy, result.Units,
            result.FirstFinding?.Execution, result.FirstFinding?.Unit ?? -1);
    }
}

/// <summary>The verdict one process would have given, from every shard's outcome.</summary>
/// <param name="Winner">The index (in the input) of the shard whose first finding one process reports; null for none.</param>
/// <param name="Executions">Executions one process would have run.</param>
/// <param name="FindingExecution">The winning finding's execution index as one process numbers it.</param>
/// <param name="FindingWorker">Its portfolio worker (random/PCT) or 0.</param>
public sealed record MergedOutcome(int? Winner, long Executions, bool Exhausted, StopReason StoppedBy, long FindingExecution, int FindingWorker);

/// <summary>
/// Combines shards: random/PCT shards as <see cref="Explorer"/> combines portfolio workers (earliest
/// execution, ties to the lower worker; each worker counted up to the winning execution); DFS/DPOR shards
/// in unit order (the finding of the lowest unit, and within it the earliest; every unit before it counted
/// in full). Exhausted only when every shard is.
/// </summary>
public static class ShardMerge
{
    /// <exception cref="ArgumentException">The shards are not exactly 1..n of one split (one line).</exception>
    public static MergedOutcome Merge(IReadOnlyList<ShardOutcome> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            throw new ArgumentException("no shard to merge");
        }

        var count = shards[0].Shard.Count;
        if (shards.Any(shard => shard.Shard.Count != count))
        {
            throw new ArgumentException($"the shards are of different splits ({string.Join(", ", shards.Select(shard => shard.Shard.ToString()).Distinct())})");
        }

        for (var index = 0; index < count; index++)
        {
            var matching = shards.Count(shard => shard.Shard.Index == index);
            if (matching != 1)
            {
                throw new ArgumentException(matching == 0
                    ? $"shard {index + 1}/{count} is missing"
                    : $"shard {index + 1}/{count} is given {matching} times");
            }
        }

        if (shards.Any(shard => shard.Systematic != shards[0].Systematic))
        {
            throw new ArgumentException("the shards ran different strategies");
        }

        return shards[0].Systematic ? MergeUnits(shards) : MergeWorkers(shards);
    }

    private static MergedOutcome MergeWorkers(IReadOnlyList<ShardOutcome> shards)
    {
        int? winner = null;
        for (var i = 0; i < shards.Count; i++)
        {
            if (shards[i].FindingExecution is not { } execution)
            {
                continue;
            }

            if (winner is not { } best
                || execution < shards[best].FindingExecution
                || (execution == shards[best].FindingExecution && shards[i].Shard.Index < shards[best].Shard.Index))
            {
                winner = i;
            }
        }

        var limit = winner is { } w ? shards[w].FindingExecution!.Value + 1 : long.MaxValue;
        var executions = shards.Sum(shard => Math.Min(shard.Executions, limit));
        var lead = shards.First(shard => shard.Shard.Index == 0);
        var stoppedBy = winner is not null ? StopReason.Finding
            : shards.Any(shard => shard.StoppedBy == StopReason.Cancelled) ? StopReason.Cancelled
            : lead.StoppedBy == StopReason.Finding ? StopReason.MaxExecutions
            : lead.StoppedBy;
        return winner is { } found
            ? new MergedOutcome(found, executions, lead.Exhausted, stoppedBy, shards[found].FindingExecution!.Value, shards[found].Shard.Index)
            : new MergedOutcome(null, executions, lead.Exhausted, stoppedBy, 0, 0);
    }

    private static MergedOutcome MergeUnits(IReadOnlyList<ShardOutcome> shards)
    {
        int? winner = null;
        long winnerLocal = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            if (shards[i].FindingExecution is not { } execution)
            {
                continue;
            }

            var unit = shards[i].FindingUnit;
            var local = execution - shards[i].Units.Where(entry => entry.Unit < unit).Sum(entry => entry.Executions);
            if (winner is not { } best || unit < shards[best].FindingUnit || (unit == shards[best].FindingUnit && local < winnerLocal))
            {
                winner = i;
                winnerLocal = local;
            }
        }

        if (winner is not { } found)
        {
            var stoppedBy = shards.Any(shard => shard.StoppedBy == StopReason.Cancelled) ? StopReason.Cancelled
                : shards.Any(shard => shard.StoppedBy == StopReason.Timeout) ? StopReason.Timeout
                : shards.All(shard => shard.Exhausted) ? StopReason.Exhausted
                : StopReason.MaxExecutions;
            return new MergedOutcome(null, shards.Sum(shard => shard.Executions), shards.All(shard => shard.Exhausted), stoppedBy, 0, 0);
        }

        var winningUnit = shards[found].FindingUnit;
        var before = shards.Sum(shard => shard.Units.Where(entry => entry.Unit < winningUnit).Sum(entry => entry.Executions));
        return new MergedOutcome(found, before + winnerLocal + 1, false, StopReason.Finding, before + winnerLocal, 0);
    }
}
