using Pgt.Emulator.Exploration;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration;

/// <summary>Bad options, budgets and limits: clear errors or findings, never a crash.</summary>
public class ExplorerLimitsTests
{
    public static TheoryData<ExplorationOptions, string> BadOptions => new()
    {
        { new ExplorationOptions { MaxExecutions = 0 }, "iterations must be at least 1 (got 0)" },
        { new ExplorationOptions { MaxSteps = -3 }, "max steps must be at least 1 (got -3)" },
        { new ExplorationOptions { PreemptionBound = -1 }, "the preemption bound must be 0 or more (got -1)" },
        { new ExplorationOptions { PctDepth = 0 }, "the PCT depth must be between 1 and 64 (got 0)" },
        { new ExplorationOptions { Workers = 0 }, "workers must be between 1 and 64 (got 0)" },
        { new ExplorationOptions { Timeout = TimeSpan.Zero }, "the timeout must be positive (got 00:00:00)" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptions_AreAOneLineArgumentError(ExplorationOptions options, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Explorer.Explore(Programs.IndependentWriters(), options));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Timeout_StopsBetweenExecutions()
    {
        var slow = new Scenario("slow", execution =>
        {
            execution.Point(Operation.Local);
            Thread.Sleep(2);
        });

        var result = Explorer.Explore(slow, new ExplorationOptions { MaxExecutions = 1_000_000, Timeout = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(StopReason.Timeout, result.StoppedBy);
        Assert.InRange(result.Executions, 1, 999_999);
    }

    [Fact]
    public void Cancellation_StopsBetweenExecutionsAndKeepsFindingsSoFar()
    {
        using var cancel = new CancellationTokenSource();
        var executions = 0;
        var scenario = new Scenario("cancelled", execution =>
        {
            execution.Point(Operation.Local);
            if (++executions == 5)
            {
                cancel.Cancel();
            }
        });

        var result = Explorer.Explore(scenario, new ExplorationOptions
        {
            Strategy = StrategyKind.Random,
            MaxExecutions = 1_000_000,
            StopAtFirstFinding = false,
            Cancellation = cancel.Token,
        });

        Assert.Equal(StopReason.Cancelled, result.StoppedBy);
        Assert.Equal(5, result.Executions);
    }

    [Fact]
    public void Cancellation_ReportsTheFindingFoundBeforeIt()
    {
        using var cancel = new CancellationTokenSource();
        var scenario = new Scenario("found-then-cancelled", execution =>
        {
            cancel.Cancel();
            execution.Fail(new Finding("test-bug", "BUG: test", []));
        });

        var result = Explorer.Explore(scenario, new ExplorationOptions
        {
            MaxExecutions = 1_000,
            StopAtFirstFinding = false,
            Cancellation = cancel.Token,
        });

        Assert.Equal(StopReason.Cancelled, result.StoppedBy);
        Assert.Equal("test-bug", Assert.IsType<FoundFinding>(result.FirstFinding).Finding.Kind);
    }

    [Fact]
    public void TooManyStrands_IsAFinding()
    {
        var scenario = new Scenario("crowd", execution =>
        {
            for (var i = 0; i < 70; i++)
            {
                execution.Spawn($"s{i}", () => { });
            }
        });

        var found = Assert.IsType<FoundFinding>(Explorer.Explore(scenario, new ExplorationOptions { MaxExecutions = 3 }).FirstFinding);

        Assert.Equal("strand-exception", found.Finding.Kind);
        Assert.Contains("at most 64 strands", found.Finding.Title);
    }

    [Fact]
    public void ChoiceWithoutOptions_IsAFinding()
    {
        var scenario = new Scenario("no-options", execution => execution.ChooseInt(0, "nothing"));

        var found = Assert.IsType<FoundFinding>(Explorer.Explore(scenario, new ExplorationOptions()).FirstFinding);

        Assert.Equal("strand-exception", found.Finding.Kind);
        Assert.Contains("ArgumentOutOfRangeException", found.Finding.Title);
    }

    [Fact]
    public void ThrowingAtEndCheck_IsAFinding()
    {
        var scenario = new Scenario("bad-check", execution => execution.AtEnd(() => throw new FormatException("bad check")));

        var found = Assert.IsType<FoundFinding>(Explorer.Explore(scenario, new ExplorationOptions()).FirstFinding);

        Assert.Equal("at-end-exception", found.Finding.Kind);
        Assert.Contains("FormatException: bad check", found.Finding.Title);
    }

    [Fact]
    public void NondeterministicScenario_IsReportedBySystematicSearch()
    {
        var calls = 0;
        var scenario = new Scenario("nondeterministic", execution =>
        {
            var memory = new SharedWords(execution, 1);
            execution.Spawn("a", () => memory.Write(0, 1));
            // Depends on state kept across executions: a scenario must not do this.
            if (++calls % 2 == 0)
            {
                execution.Spawn("b", () => memory.Write(0, 2));
            }

            memory.Read(0);
        });

        var result = Explorer.Explore(scenario, new ExplorationOptions { Strategy = StrategyKind.Dpor, StopAtFirstFinding = false });

        Assert.Contains(result.Findings, found => found.Finding.Kind == "schedule-diverged"
            && found.Finding.Title.Contains("not deterministic", StringComparison.Ordinal));
    }
}
