namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// One decision on the current path of a systematic search (DFS, DPOR): what could be chosen, what was,
/// and what is left. Re-executions follow <see cref="Chosen"/> down the stack of nodes.
/// </summary>
internal sealed class ScheduleNode
{
    private ScheduleNode(bool isData, int count, ulong enabled, int actor, bool actorEnabled, ulong sleep, int preemptionsBefore)
    {
        IsData = isData;
        Count = count;
        Enabled = enabled;
        Actor = actor;
        ActorEnabled = actorEnabled;
        Sleep = sleep;
        PreemptionsBefore = preemptionsBefore;
    }

    public bool IsData { get; }

    /// <summary>Data nodes: the number of values.</summary>
    public int Count { get; }

    /// <summary>Strand nodes: the enabled strands.</summary>
    public ulong Enabled { get; }

    public int Actor { get; }

    public bool ActorEnabled { get; }

    /// <summary>Strands asleep on arrival: their next step was already explored from an equivalent state.</summary>
    public ulong Sleep { get; }

    /// <summary>Preemptions on the path before this node.</summary>
    public int PreemptionsBefore { get; }

    /// <summary>The strand or value taken now.</summary>
    public int Chosen { get; set; }

    /// <summary>Strand nodes: every strand taken here so far, <see cref="Chosen"/> included.</summary>
    public ulong Done { get; set; }

    /// <summary>DPOR: strands that must be tried here.</summary>
    public ulong Backtrack { get; set; }

    /// <summary>DFS: strands taken here whose whole subtree was explored (no bound cut), so they may sleep later.</summary>
    public ulong CompleteDone { get; set; }

    /// <summary>DFS: the preemption bound cut something below the current choice.</summary>
    public bool CurrentSubtreeCut { get; set; }

    /// <summary>DFS: the preemption bound cut something here or below any choice so far.</summary>
    public bool AnyCut { get; set; }

    /// <summary>Shards: the node is above the split level (see <see cref="SubtreeSplit"/>).</summary>
    public bool AboveSplit { get; set; }

    /// <summary>Shards: the unit below this split node; -1 for other nodes.</summary>
    public long SplitUnit { get; set; } = -1;

    public static ScheduleNode ForStrand(ulong enabled, int actor, bool actorEnabled, ulong sleep, int preemptionsBefore) =>
        new(false, 0, enabled, actor, actorEnabled, sleep, preemptionsBefore);

    public static ScheduleNode ForData(int count) => new(true, count, 0, -1, false, 0, 0);

    /// <summary>Taking <paramref name="strand"/> here switches away from a strand that could continue.</summary>
    public bool IsPreemption(int strand) => ActorEnabled && strand != Actor;
}
