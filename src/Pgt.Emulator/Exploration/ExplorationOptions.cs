using Pgt.Emulator.Exploration.Strands;

namespace Pgt.Emulator.Exploration;

/// <summary>What to explore and when to stop. Every field has a usable default.</summary>
public sealed record ExplorationOptions
{
    public StrategyKind Strategy { get; init; } = StrategyKind.Pct;

    /// <summary>Seeds the strategy's generator; the same seed gives the same schedules.</summary>
    public ulong Seed { get; init; }

    /// <summary>Executions to run at most (over every worker).</summary>
    public int MaxExecutions { get; init; } = 10_000;

    /// <summary>Scheduling points per execution; passing it is a step-bound (livelock) finding.</summary>
    public int MaxSteps { get; init; } = 10_000;

    /// <summary>
    /// DFS and DPOR: the largest number of preemptions a schedule may have; <c>null</c> for no bound.
    /// With <see cref="IteratePreemptionBound"/> DFS runs with bound 0, 1, 2, ... up to this one; DPOR runs
    /// once with it (Bounded POR).
    /// </summary>
    public int? PreemptionBound { get; init; }

    /// <summary>DFS only: search bound 0 first, then 1, ... so the first bug found has the fewest preemptions.</summary>
    public bool IteratePreemptionBound { get; init; } = true;

    /// <summary>DFS only: prune schedules that only reorder independent operations (sleep sets).</summary>
    public bool UseSleepSets { get; init; } = true;

    /// <summary>PCT only: the bug depth d (d - 1 priority change points per execution).</summary>
    public int PctDepth { get; init; } = 3;

    /// <summary>Wall-clock budget for the whole exploration; <c>null</c> for none.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool StopAtFirstFinding { get; init; } = true;

    /// <summary>
    /// Parallel workers, each with its own (strategy, seed): worker 0 runs <see cref="Strategy"/> with
    /// <see cref="Seed"/>; worker k runs random or PCT with seed <c>Seed + k</c> (see <see cref="Explorer"/>).
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Run one part of the exploration (null: all of it). Random/PCT shard k is worker k of a portfolio of
    /// <c>Count</c> workers with the budget shared out; DFS/DPOR shard k explores its units of the split
    /// with the whole budget. Needs <see cref="Workers"/> = 1.
    /// </summary>
    public ExplorationShard? Shard { get; init; }

    /// <summary>
    /// Shrink the first finding's schedule before it is reported: fewest preemptions, then fewest steps,
    /// same finding (see <see cref="ShrinkAttempts"/>). Off by default in the library; <c>pgt</c> turns it on.
    /// </summary>
    public bool Shrink { get; init; }

    /// <summary>Executions the shrinker may run at most.</summary>
    public int ShrinkAttempts { get; init; } = 2000;

    /// <summary>A strand that runs this long without reaching a scheduling point is reported as a hang.</summary>
    public TimeSpan Watchdog { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops the exploration between executions (Ctrl-C in a command): the result then holds every
    /// finding found so far, with <see cref="StopReason.Cancelled"/>.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Called now and then with executions so far (from a worker thread); for terminal progress only.</summary>
    public Action<ExplorationProgress>? Progress { get; init; }

    /// <summary>Creates the strand back-end of one worker; <c>null</c> for reused OS threads with a baton.</summary>
    public Func<IStrandBackend>? Backend { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message when a field is out of range.</summary>
    public void Validate()
    {
        if (MaxExecutions < 1)
        {
            throw new ArgumentException($"iterations must be at least 1 (got {MaxExecutions})");
        }

        if (MaxSteps < 1)
        {
            throw new ArgumentException($"max steps must be at least 1 (got {MaxSteps})");
        }

        if (PreemptionBound is < 0)
        {
            throw new ArgumentException($"the preemption bound must be 0 or more (got {PreemptionBound})");
        }

        if (PctDepth is < 1 or > 64)
        {
            throw new ArgumentException($"the PCT depth must be between 1 and 64 (got {PctDepth})");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the timeout must be positive (got {timeout})");
        }

        if (Workers is < 1 or > 64)
        {
            throw new ArgumentException($"workers must be between 1 and 64 (got {Workers})");
        }

        if (Shard is { } shard && (shard.Count is < 1 or > ExplorationShard.MaxCount || shard.Index < 0 || shard.Index >= shard.Count))
        {
            throw new ArgumentException($"the shard must be i/n with 1 <= i <= n <= {ExplorationShard.MaxCount} (got {shard})");
        }

        if (Shard is not null && Workers != 1)
        {
            throw new ArgumentException($"a shard runs one worker; use more shards instead of workers (got {Workers} workers)");
        }

        if (ShrinkAttempts < 0)
        {
            throw new ArgumentException($"shrink attempts must be 0 or more (got {ShrinkAttempts})");
        }

        if (Watchdog <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the watchdog limit must be positive (got {Watchdog})");
        }
    }
}
