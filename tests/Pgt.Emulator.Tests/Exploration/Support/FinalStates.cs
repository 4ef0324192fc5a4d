using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>Explores a program to the end and collects every distinct final state it reached.</summary>
internal static class FinalStates
{
    public static ExplorationOptions PlainDfs { get; } = new()
    {
        Strategy = StrategyKind.Dfs,
        PreemptionBound = null,
        IteratePreemptionBound = false,
        UseSleepSets = false,
        StopAtFirstFinding = false,
        MaxExecutions = 2_000_000,
    };

    public static ExplorationOptions Dpor { get; } = new()
    {
        Strategy = StrategyKind.Dpor,
        StopAtFirstFinding = false,
        MaxExecutions = 2_000_000,
    };

    /// <summary>
    /// Runs <paramref name="program"/> under <paramref name="options"/>; the program reports its final state
    /// through the callback it is given (from an AtEnd check). Findings count as final states too.
    /// </summary>
    public static (HashSet<string> States, ExplorationResult Result) Collect(
        Func<Action<string>, Scenario> program, ExplorationOptions options)
    {
        var states = new HashSet<string>();
        var result = Explorer.Explore(program(state => states.Add(state)), options);
        foreach (var found in result.Findings)
        {
            states.Add("finding: " + found.Finding.Kind);
        }

        return (states, result);
    }
}
