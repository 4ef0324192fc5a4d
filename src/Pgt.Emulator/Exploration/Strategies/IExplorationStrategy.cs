using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// Decides which strand runs next and which value a data choice takes. One instance explores one
/// scenario: it is told when an execution starts and ends, so systematic strategies can plan the next one.
/// Every choice must come from the strategy's own state and seeded generator.
/// </summary>
internal interface IExplorationStrategy
{
    /// <summary>The strategy with its parameters, as reports print it (<c>pct(d=3)</c>).</summary>
    string Description { get; }

    /// <summary>Prepares the next execution; false when there is nothing left to explore.</summary>
    bool PrepareExecution();

    /// <summary>Returns an enabled strand, or -1 to abandon this execution as redundant (it is not a finding).</summary>
    int ChooseStrand(in SchedulingPoint point);

    /// <summary>Returns a value in [0, <see cref="DataPoint.Count"/>).</summary>
    int ChooseValue(in DataPoint point);

    /// <summary>Called after each execution with its full log.</summary>
    void CompleteExecution(ExecutionLog log);

    /// <summary>True once a systematic strategy has explored every schedule within its bounds.</summary>
    bool Exhausted { get; }

    /// <summary>Shards: whether the last execution belongs to this shard (else it is neither counted nor reported).</summary>
    bool LastExecutionOwned => true;

    /// <summary>DFS/DPOR shards: the split unit of the last execution; -1 without a split.</summary>
    long LastExecutionUnit => -1;
}
