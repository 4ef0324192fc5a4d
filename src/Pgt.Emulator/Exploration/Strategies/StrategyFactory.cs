namespace Pgt.Emulator.Exploration.Strategies;

internal static class StrategyFactory
{
    public static IExplorationStrategy Create(StrategyKind kind, ulong seed, ExplorationOptions options) => kind switch
    {
        StrategyKind.Random => new RandomStrategy(seed),
        StrategyKind.Pct => new PctStrategy(seed, options.PctDepth),
        StrategyKind.Dfs => new DfsStrategy(options.PreemptionBound, options.IteratePreemptionBound, options.UseSleepSets, options.Shard),
        StrategyKind.Dpor => new DporStrategy(options.PreemptionBound, options.Shard),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown strategy"),
    };
}
