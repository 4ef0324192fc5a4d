namespace Pgt.Emulator.Exploration;

/// <summary>How the explorer picks the next strand and data choice.</summary>
public enum StrategyKind
{
    /// <summary>Uniformly random among the enabled strands; a cheap baseline.</summary>
    Random,

    /// <summary>Probabilistic concurrency testing with <see cref="ExplorationOptions.PctDepth"/> (Burckhardt et al.).</summary>
    Pct,

    /// <summary>Depth-first search with sleep sets, iterated on the preemption bound (CHESS ICB).</summary>
    Dfs,

    /// <summary>Source-DPOR with sleep sets (Abdulla et al.), conflicts on physical words.</summary>
    Dpor,
}
