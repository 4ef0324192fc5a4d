using Pgt.Emulator.Exploration;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration;

/// <summary>Same seed, same schedule, same report.</summary>
public class DeterminismTests
{
    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Pct)]
    public void ThousandSeeds_EachRunTwice_GiveIdenticalTracesAndReports(StrategyKind strategy)
    {
        var distinct = new HashSet<string>();
        for (ulong seed = 0; seed < 1000; seed++)
        {
            var options = new ExplorationOptions { Strategy = strategy, Seed = seed, MaxExecutions = 1 };

            var first = Assert.IsType<FoundFinding>(Explorer.Explore(Recorder.Busy(), options).FirstFinding);
            var second = Assert.IsType<FoundFinding>(Explorer.Explore(Recorder.Busy(), options).FirstFinding);

            Assert.True(first.Trace.SameSchedule(second.Trace), $"seed {seed}");
            Assert.Equal(TextReportWriter.Render(first), TextReportWriter.Render(second));
            distinct.Add(string.Join(";", first.Trace.Decisions));
        }

        // The seeds really drive different schedules.
        Assert.True(distinct.Count > 100, $"only {distinct.Count} distinct schedules");
    }

    [Fact]
    public void SameSeed_ManyExecutions_SameFindingAtTheSameExecution()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 42, MaxExecutions = 500 };

        var first = Explorer.Explore(Programs.LostUpdate(), options);
        var second = Explorer.Explore(Programs.LostUpdate(), options);

        var a = Assert.IsType<FoundFinding>(first.FirstFinding);
        var b = Assert.IsType<FoundFinding>(second.FirstFinding);
        Assert.Equal(a.Execution, b.Execution);
        Assert.Equal(first.Executions, second.Executions);
        Assert.True(a.Trace.SameSchedule(b.Trace));
    }

    [Theory]
    [InlineData(StrategyKind.Dfs)]
    [InlineData(StrategyKind.Dpor)]
    public void SystematicStrategies_AreDeterministicToo(StrategyKind strategy)
    {
        var options = new ExplorationOptions { Strategy = strategy, StopAtFirstFinding = false, MaxExecutions = 300 };

        var first = Explorer.Explore(Recorder.Busy(), options);
        var second = Explorer.Explore(Recorder.Busy(), options);

        Assert.Equal(first.Executions, second.Executions);
        Assert.Equal(
            first.Findings.Select(f => TextReportWriter.Render(f)),
            second.Findings.Select(f => TextReportWriter.Render(f)));
    }
}
