using Pgt.Emulator.Exploration;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Strategies;

/// <summary>PCT and random walk find shallow ordering bugs within a modest budget.</summary>
public class RandomizedStrategyTests
{
    private const int Budget = 2_000;

    [Fact]
    public void Pct_FindsADepthTwoBug()
    {
        var result = Explorer.Explore(DepthTwoBug(), new ExplorationOptions { Strategy = StrategyKind.Pct, PctDepth = 2, Seed = 1, MaxExecutions = Budget });

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("depth-two", found.Finding.Kind);
        Assert.Equal("pct(d=2)", found.Schedule.Strategy);
        Assert.True(result.Executions < Budget);
    }

    [Fact]
    public void Random_FindsADepthTwoBug()
    {
        var result = Explorer.Explore(DepthTwoBug(), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, MaxExecutions = Budget });

        Assert.Equal("depth-two", Assert.IsType<FoundFinding>(result.FirstFinding).Finding.Kind);
    }

    [Fact]
    public void Pct_WithDepthOne_NeverInterleavesTheTwoStrands()
    {
        var result = Explorer.Explore(DepthTwoBug(), new ExplorationOptions { Strategy = StrategyKind.Pct, PctDepth = 1, Seed = 3, MaxExecutions = 300 });

        // Depth 1 has no change point: the highest-priority strand runs until it finishes, so writer and reader never interleave.
        Assert.Null(result.FirstFinding);
        Assert.Equal(300, result.Executions);
    }

    [Fact]
    public void Pct_ExploresDataChoicesRandomly()
    {
        var seen = new HashSet<int>();
        var scenario = new Scenario("choices", execution => seen.Add(execution.ChooseInt(4, "which")));

        Explorer.Explore(scenario, new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 5, MaxExecutions = 100 });

        Assert.Equal([0, 1, 2, 3], seen.Order());
    }

    /// <summary>
    /// The writer stores x then y; the reader loads x then y. The bug (reader sees x == 1 but y == 0) needs
    /// the writer's first store before the reader's first load and the reader's second load before the
    /// writer's second store: depth 2. Local steps in between make the window small.
    /// </summary>
    private static Scenario DepthTwoBug() => new("depth-two", execution =>
    {
        var memory = new SharedWords(execution, 2);
        execution.Spawn("writer", () =>
        {
            memory.Write(0, 1);
            Pad(execution, 10);
            memory.Write(1, 1);
        });
        execution.Spawn("reader", () =>
        {
            Pad(execution, 10);
            var x = memory.Read(0);
            var y = memory.Read(1);
            if (x == 1 && y == 0)
            {
                execution.Fail(new Finding("depth-two", "BUG: EMU: reader saw x without y", []));
            }
        });
    });

    private static void Pad(IExecution execution, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            execution.Point(Operation.Local);
        }
    }
}
