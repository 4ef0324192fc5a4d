using Pgt.Emulator.Exploration;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;
using Xunit.Abstractions;

namespace Pgt.Emulator.Tests.Exploration.Strategies;

/// <summary>
/// DPOR with a preemption bound (Bounded POR): within the bound it reaches every final state that the bounded
/// full search (plain DFS with the same bound: no sleep sets, no reduction) reaches, and no schedule it runs
/// has more preemptions than the bound.
/// </summary>
public class BoundedDporTests(ITestOutputHelper output)
{
    private static readonly int Seeds = int.TryParse(Environment.GetEnvironmentVariable("PGT_DPOR_SEEDS"), out var seeds) ? seeds : 100;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void BoundedDpor_OnRandomPrograms_ReachesEveryFinalStateOfBoundedPlainDfs(int bound)
    {
        var reference = FinalStates.PlainDfs with { PreemptionBound = bound, MaxExecutions = 3_000 };
        var bounded = FinalStates.Dpor with { PreemptionBound = bound };
        long dfsTotal = 0, dporTotal = 0;
        var checkedPrograms = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var program = new RandomProgram(seed, strandCount: seed % 4 == 0 ? 3 : 2, length: seed % 4 == 0 ? 2 : 3, words: 2, flags: seed % 2 == 1);
            var (dfsStates, dfs) = FinalStates.Collect(program.Build, reference);
            if (!dfs.Exhausted)
            {
                continue;
            }

            var (dporStates, dpor) = FinalStates.Collect(program.Build, bounded);

            Assert.True(dpor.Exhausted, $"bound {bound}, seed {seed}: {program}");
            Assert.True(dfsStates.SetEquals(dporStates),
                $"bound {bound}, seed {seed}: {program}\nmissed by DPOR: {string.Join(" ; ", dfsStates.Except(dporStates))}\nnot reached by DFS: {string.Join(" ; ", dporStates.Except(dfsStates))}");
            dfsTotal += dfs.Executions;
            dporTotal += dpor.Executions;
            checkedPrograms++;
        }

        output.WriteLine($"bound {bound}: {checkedPrograms} of {Seeds} random programs checked: plain DFS {dfsTotal} executions, DPOR {dporTotal}");
        Assert.True(checkedPrograms >= Seeds / 2, $"only {checkedPrograms} programs were small enough");
        Assert.True(dporTotal < dfsTotal, $"DPOR ran {dporTotal} executions, plain DFS {dfsTotal}");
    }

    [Fact]
    public void LostUpdate_NeedsOnePreemption_BoundedDporFindsItWithBound1NotWith0()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Dpor, MaxExecutions = 10_000 };

        var bound0 = Explorer.Explore(Programs.LostUpdate(), options with { PreemptionBound = 0 });
        var bound1 = Explorer.Explore(Programs.LostUpdate(), options with { PreemptionBound = 1 });

        Assert.Null(bound0.FirstFinding);
        Assert.True(bound0.Exhausted);
        Assert.Equal("dpor(pb=0)", bound0.Strategy);
        var found = Assert.IsType<FoundFinding>(bound1.FirstFinding);
        Assert.Equal("lost-update", found.Finding.Kind);
        Assert.Equal(1, found.Schedule.Preemptions);
    }

    [Fact]
    public void ABugThatNeedsTwoPreemptions_IsFoundWithBound2_AndNotWithBound1()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Dpor, MaxExecutions = 10_000 };

        var bound1 = Explorer.Explore(MiddleValueThenFlag(), options with { PreemptionBound = 1 });
        var bound2 = Explorer.Explore(MiddleValueThenFlag(), options with { PreemptionBound = 2 });

        Assert.Null(bound1.FirstFinding);
        Assert.True(bound1.Exhausted);
        var found = Assert.IsType<FoundFinding>(bound2.FirstFinding);
        Assert.Equal("middle-then-flag", found.Finding.Kind);
        Assert.Equal(2, found.Schedule.Preemptions);
    }

    /// <summary>
    /// Longer programs (2-3 strands of 4-6 steps): here the races Source-DPOR reverses are not enough under a
    /// bound, and the classic DPOR's races of a waiting step (<c>RaceAnalysis.AddWaitingRaces</c>) are needed:
    /// without them seeds 1, 91 and 95 miss final states at bound 1 (95 also at 2).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BoundedDpor_OnLongerRandomPrograms_ReachesEveryFinalStateOfBoundedPlainDfs(int bound)
    {
        var checkedPrograms = 0;
        for (var seed = 0; seed < 120; seed++)
        {
            var program = new RandomProgram(seed, strandCount: 2 + (seed % 2), length: 4 + (seed % 3), words: 2, flags: seed % 4 == 1);
            var (dfsStates, dfs) = FinalStates.Collect(program.Build, FinalStates.PlainDfs with { PreemptionBound = bound, MaxExecutions = 5_000 });
            if (!dfs.Exhausted)
            {
                continue;
            }

            var (dporStates, dpor) = FinalStates.Collect(program.Build, FinalStates.Dpor with { PreemptionBound = bound });

            Assert.True(dpor.Exhausted, $"bound {bound}, seed {seed}: {program}");
            Assert.True(dfsStates.SetEquals(dporStates),
                $"bound {bound}, seed {seed}: {program}\nmissed by DPOR: {string.Join(" ; ", dfsStates.Except(dporStates))}");
            checkedPrograms++;
        }

        output.WriteLine($"bound {bound}: {checkedPrograms} of 120 longer random programs checked");
        Assert.True(checkedPrograms >= 60, $"only {checkedPrograms} programs were small enough");
    }

    /// <summary>
    /// main writes x = 1, x = 2, then v = 1; the observer fails if it reads x == 1 and then v == 1: main must be
    /// preempted after its first write and the observer after its first read.
    /// </summary>
    private static Scenario MiddleValueThenFlag() => new("middle-then-flag", execution =>
    {
        var memory = new SharedWords(execution, 2); // x, v
        execution.Spawn("observer", () =>
        {
            var x = memory.Read(0);
            var v = memory.Read(1);
            if (x == 1 && v == 1)
            {
                execution.Fail(new Finding("middle-then-flag", "BUG: EMU: saw x's middle value and then v", []));
            }
        });
        memory.Write(0, 1);
        memory.Write(0, 2);
        memory.Write(1, 1);
    });
}
