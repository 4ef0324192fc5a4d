using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>Picks uniformly among the enabled strands and data values: the cheapest baseline.</summary>
internal sealed class RandomStrategy : IExplorationStrategy
{
    private readonly DeterministicRandom _random;

    public RandomStrategy(ulong seed) => _random = new DeterministicRandom(seed);

    public string Description => "random";

    public bool Exhausted => false;

    public bool PrepareExecution() => true;

    public int ChooseStrand(in SchedulingPoint point) => _random.PickBit(point.Enabled);

    public int ChooseValue(in DataPoint point) => _random.Next(point.Count);

    public void CompleteExecution(ExecutionLog log)
    {
    }
}
