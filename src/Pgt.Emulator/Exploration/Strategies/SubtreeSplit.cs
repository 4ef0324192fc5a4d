using System.Numerics;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// Splits a systematic search (DFS, DPOR) into units that independent shards explore. Along every path,
/// the first <see cref="Levels"/> strand nodes with two or more allowed choices are above the split: every
/// shard walks them alike (DPOR takes every allowed choice there, so nothing found below can add work
/// above). The next node with a choice is a split node: the subtree below it is one unit, and so is each
/// execution that ends above the split. Units are numbered in the order the search meets them, which is
/// the same in every shard; a shard runs the units it owns and abandons the others at the split node.
/// </summary>
internal sealed class SubtreeSplit
{
    /// <summary>Branching levels above the split: 2 gives about (strands)^2 units, enough for a few shards per strand pair.</summary>
    public const int Levels = 2;

    private readonly ExplorationShard _shard;
    private long _nextUnit;
    private int _level;

    public SubtreeSplit(ExplorationShard shard) => this._shard = shard;

    /// <summary>The unit of the execution in progress, or -1 while it is above the split.</summary>
    public long Unit { get; private set; } = -1;

    /// <summary>Whether the last execution belongs to this shard (it is counted and its findings kept).</summary>
    public bool Owned { get; private set; } = true;

    public void StartExecution()
    {
        _level = 0;
        Unit = -1;
        Owned = true;
    }

    /// <summary>
    /// Called for each strand node on the path, in order. Returns false when the execution reached a split
    /// node that another shard owns: the caller then abandons it without keeping the node.
    /// </summary>
    public bool Pass(ScheduleNode node, bool created)
    {
        if (Unit >= 0)
        {
            return true;
        }

        var branching = BitOperations.PopCount(node.Enabled & ~node.Sleep) >= 2;
        if (!branching || _level < Levels)
        {
            node.AboveSplit = true;
            _level += branching ? 1 : 0;
            return true;
        }

        if (created)
        {
            node.SplitUnit = _nextUnit++;
        }

        Unit = node.SplitUnit;
        Owned = _shard.Owns(Unit);
        return Owned;
    }

    /// <summary>Called when an execution ends: one that never reached a split node is a unit of its own.</summary>
    public void EndExecution()
    {
        if (Unit < 0)
        {
            Unit = _nextUnit++;
            Owned = _shard.Owns(Unit);
        }
    }
}
