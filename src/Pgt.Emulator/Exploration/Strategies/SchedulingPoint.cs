using System.Numerics;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>The state a strategy sees at a scheduling point.</summary>
internal readonly struct SchedulingPoint
{
    private readonly IPendingOperations _pending;

    public SchedulingPoint(int step, int actor, bool actorEnabled, ulong enabled, int strandCount, IPendingOperations pending)
    {
        Step = step;
        Actor = actor;
        ActorEnabled = actorEnabled;
        Enabled = enabled;
        StrandCount = strandCount;
        this._pending = pending;
    }

    /// <summary>Decisions taken so far in this execution (0 for the first).</summary>
    public int Step { get; }

    /// <summary>The strand that reached the point; -1 at the start of an execution.</summary>
    public int Actor { get; }

    /// <summary>Whether <see cref="Actor"/> could continue (picking another strand is then a preemption).</summary>
    public bool ActorEnabled { get; }

    /// <summary>The enabled strands as a bit mask; never zero.</summary>
    public ulong Enabled { get; }

    public int StrandCount { get; }

    public int EnabledCount => BitOperations.PopCount(Enabled);

    /// <summary>What <paramref name="strand"/> does when it is picked.</summary>
    public Operation PendingOf(int strand) => _pending.PendingOf(strand);
}
