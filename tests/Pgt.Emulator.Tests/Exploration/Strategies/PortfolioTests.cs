using Pgt.Emulator.Exploration;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Strategies;

/// <summary>Several workers, each with its own (strategy, seed); the result must not depend on thread timing.</summary>
public class PortfolioTests
{
    [Fact]
    public void TwoWorkers_ReportTheSameFirstFinding_RunAfterRun()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 5, Workers = 2, MaxExecutions = 4_000 };
        var reference = Explorer.Explore(Programs.LostUpdate(), options);
        var first = Assert.IsType<FoundFinding>(reference.FirstFinding);

        for (var run = 0; run < 10; run++)
        {
            var again = Explorer.Explore(Programs.LostUpdate(), options);

            var found = Assert.IsType<FoundFinding>(again.FirstFinding);
            Assert.Equal((first.Execution, first.Worker), (found.Execution, found.Worker));
            Assert.Equal(TextReportWriter.Render(first), TextReportWriter.Render(found));
            Assert.Equal(reference.Executions, again.Executions);
        }
    }

    [Fact]
    public void FirstFinding_IsTheEarliestExecution_TiesGoingToTheLowerWorker()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 5, Workers = 2, MaxExecutions = 4_000 };
        var alone0 = Explorer.Explore(Programs.LostUpdate(), options with { Workers = 1 });
        var alone1 = Explorer.Explore(Programs.LostUpdate(), options with { Workers = 1, Seed = 6 });

        var together = Explorer.Explore(Programs.LostUpdate(), options);

        var expected = alone0.FirstFinding!.Execution <= alone1.FirstFinding!.Execution
            ? (alone0.FirstFinding.Execution, 0)
            : (alone1.FirstFinding.Execution, 1);
        var found = Assert.IsType<FoundFinding>(together.FirstFinding);
        Assert.Equal(expected, (found.Execution, found.Worker));
        Assert.Equal($"random", found.Schedule.Strategy);
        Assert.Equal(found.Worker == 0 ? 5UL : 6UL, found.Schedule.Seed);
    }

    [Fact]
    public void SystematicLead_IsJoinedByPctWorkers_AndTheBudgetIsShared()
    {
        var result = Explorer.Explore(
            Programs.IndependentWriters(),
            new ExplorationOptions { Strategy = StrategyKind.Dpor, Workers = 2, MaxExecutions = 100 });

        Assert.Null(result.FirstFinding);
        Assert.Equal("dpor", result.Strategy);
        Assert.True(result.Exhausted);
        // DPOR needs one execution here; the PCT worker runs its half of the budget.
        Assert.Equal(51, result.Executions);
    }

    [Fact]
    public void Progress_IsReported()
    {
        var calls = new List<ExplorationProgress>();
        Explorer.Explore(
            Programs.IndependentWriters(),
            new ExplorationOptions { Strategy = StrategyKind.Random, MaxExecutions = 50, Progress = calls.Add });

        Assert.NotEmpty(calls);
        Assert.Equal(50, calls[^1].Executions);
    }
}
