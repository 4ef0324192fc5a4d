namespace Pgt.Emulator.Exploration;

/// <summary>
/// How many executions a DFS or DPOR shard ran in one unit of the split: the subtree below one node at the
/// split level, or one execution that ended above it. Units are numbered in the order one process visits
/// them, so a merge can tell which executions one process would have run before a finding.
/// </summary>
public readonly record struct UnitExecutions(long Unit, long Executions);
