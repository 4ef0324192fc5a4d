using System.Numerics;
using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>One run of a strand in a schedule: the strand and how many steps in a row it takes.</summary>
internal readonly record struct ScheduleBlock(int Strand, int Length);

/// <summary>
/// Runs one execution along a list of blocks (strand, steps in a row), for the shrinker: a block whose
/// strand cannot run when its turn comes (or stops being able to) is dropped, and after the last block
/// the running strand keeps going while it can (no preemption). Data choices take the listed values in
/// order, then 0.
/// </summary>
internal sealed class GuidedStrategy : IExplorationStrategy
{
    private readonly IReadOnlyList<ScheduleBlock> _blocks;
    private readonly IReadOnlyList<int> _values;
    private bool _prepared;
    private int _block;
    private int _taken;
    private int _value;

    public GuidedStrategy(string description, IReadOnlyList<ScheduleBlock> blocks, IReadOnlyList<int> values)
    {
        Description = description;
        _blocks = blocks;
        _values = values;
    }

    public string Description { get; }

    public bool Exhausted => _prepared;

    public bool PrepareExecution()
    {
        if (_prepared)
        {
            return false;
        }

        _prepared = true;
        return true;
    }

    public int ChooseStrand(in SchedulingPoint point)
    {
        while (_block < _blocks.Count)
        {
            var block = _blocks[_block];
            if (_taken < block.Length && (point.Enabled & (1UL << block.Strand)) != 0)
            {
                _taken++;
                return block.Strand;
            }

            _block++;
            _taken = 0;
        }

        return point.ActorEnabled ? point.Actor : BitOperations.TrailingZeroCount(point.Enabled);
    }

    public int ChooseValue(in DataPoint point)
    {
        var value = _value < _values.Count ? _values[_value] : 0;
        _value++;
        return value < point.Count ? value : 0;
    }

    public void CompleteExecution(ExecutionLog log)
    {
    }
}
