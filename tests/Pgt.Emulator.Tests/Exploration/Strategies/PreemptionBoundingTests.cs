using Pgt.Emulator.Exploration;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Strategies;

/// <summary>Bounded DFS: the preemption bound, its iteration (CHESS ICB), and sleep sets.</summary>
public class PreemptionBoundingTests
{
    private static readonly ExplorationOptions Dfs = new() { Strategy = StrategyKind.Dfs, MaxExecutions = 100_000 };

    [Fact]
    public void LostUpdate_NeedsOnePreemption_NotFoundWithBound0_FoundWithBound1()
    {
        var bound0 = Explorer.Explore(Programs.LostUpdate(), Dfs with { PreemptionBound = 0 });
        var bound1 = Explorer.Explore(Programs.LostUpdate(), Dfs with { PreemptionBound = 1, IteratePreemptionBound = false });

        Assert.Null(bound0.FirstFinding);
        Assert.True(bound0.Exhausted);
        var found = Assert.IsType<FoundFinding>(bound1.FirstFinding);
        Assert.Equal("lost-update", found.Finding.Kind);
        Assert.Equal(1, found.Schedule.Preemptions);
    }

    [Fact]
    public void IteratedBound_FindsTheFewestPreemptionBugFirst_WherePlainDepthFirstDoesNot()
    {
        var plain = Explorer.Explore(TwoBugs(), Dfs with { IteratePreemptionBound = false });
        var iterated = Explorer.Explore(TwoBugs(), Dfs);

        // Depth-first reaches the deep two-preemption bug before it backtracks to the shallow one...
        var plainFirst = Assert.IsType<FoundFinding>(plain.FirstFinding);
        Assert.Equal("bug-late", plainFirst.Finding.Kind);
        Assert.Equal(2, plainFirst.Schedule.Preemptions);
        // ...iterating the bound 0, 1, 2, ... reports the one-preemption bug first.
        var iteratedFirst = Assert.IsType<FoundFinding>(iterated.FirstFinding);
        Assert.Equal("bug-early", iteratedFirst.Finding.Kind);
        Assert.Equal(1, iteratedFirst.Schedule.Preemptions);
        Assert.Equal("dfs(pb=1)", iteratedFirst.Schedule.Strategy);
    }

    [Fact]
    public void UnboundedDfs_WithAndWithoutSleepSets_ReachTheSameStates_SleepSetsWithFewerExecutions()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var program = new RandomProgram(seed, strandCount: 2, length: 3, words: 2);
            var (plainStates, plain) = FinalStates.Collect(program.Build, FinalStates.PlainDfs with { MaxExecutions = 3_000 });
            if (!plain.Exhausted)
            {
                continue;
            }

            var (sleepStates, sleep) = FinalStates.Collect(program.Build, FinalStates.PlainDfs with { UseSleepSets = true });

            Assert.True(sleep.Exhausted);
            Assert.True(plainStates.SetEquals(sleepStates), $"seed {seed}: {program}");
            Assert.True(sleep.Executions < plain.Executions, $"seed {seed}: {program}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void BoundedDfs_WithSleepSets_ReachesEveryStateThatBoundedDfsWithoutThemReaches(int bound)
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var program = new RandomProgram(seed, strandCount: seed % 3 == 0 ? 3 : 2, length: 2, words: 2);
            var options = FinalStates.PlainDfs with { PreemptionBound = bound, MaxExecutions = 3_000 };
            var (plainStates, plain) = FinalStates.Collect(program.Build, options);
            if (!plain.Exhausted)
            {
                continue;
            }

            var (sleepStates, sleep) = FinalStates.Collect(program.Build, options with { UseSleepSets = true });

            Assert.True(sleep.Exhausted);
            Assert.True(plainStates.SetEquals(sleepStates),
                $"bound {bound}, seed {seed}: {program}\nmissed: {string.Join(" ; ", plainStates.Except(sleepStates))}");
            Assert.True(sleep.Executions <= plain.Executions);
        }
    }

    [Fact]
    public void IteratedDfs_ExhaustsOnceNoScheduleIsCutByTheBound()
    {
        var result = Explorer.Explore(Programs.IndependentWriters(), Dfs);

        Assert.True(result.Exhausted);
        Assert.Equal(StopReason.Exhausted, result.StoppedBy);
    }

    /// <summary>
    /// main writes y, x twice and v; the observer fails with "bug-early" if it sees y still 0 (one preemption,
    /// at the very start) and with "bug-late" if it sees x == 1 and then v == 1 (two preemptions, near the end).
    /// </summary>
    private static Scenario TwoBugs() => new("two-bugs", execution =>
    {
        var memory = new SharedWords(execution, 4); // y, x, v, pad
        execution.Spawn("observer", () =>
        {
            var y = memory.Read(0);
            var x = memory.Read(1);
            var v = memory.Read(2);
            if (y == 0)
            {
                execution.Fail(new Finding("bug-early", "BUG: EMU: saw y before it was written", []));
            }

            if (x == 1 && v == 1)
            {
                execution.Fail(new Finding("bug-late", "BUG: EMU: saw the middle value of x and then v", []));
            }
        });
        memory.Write(0, 1);
        for (var i = 0; i < 3; i++)
        {
            memory.Write(3, (ulong)i);
        }

        memory.Write(1, 1);
        memory.Write(1, 2);
        memory.Write(2, 1);
    });
}
