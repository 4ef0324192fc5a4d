using Pgt.Cli.CommandLine;
using Pgt.Cli.Tests.Support;
using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Tests.CommandLine;

public sealed class CommandLineTests
{
    [Fact]
    public void NoCommand_IsExit2WithOneLine()
    {
        var result = PgtRunner.Run();

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("no command given", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void UnknownCommand_IsExit2NamingIt()
    {
        var result = PgtRunner.Run("chekc", "samples");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal(["pgt: unknown command 'chekc' (expected check, replay or merge; see pgt --help)"], result.ErrorLines);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--seed=1=2x")]
    [InlineData("-x")]
    public void UnknownOrMalformedOption_IsExit2WithOneLine(string option)
    {
        var result = PgtRunner.Run("check", option, TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("pgt: ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("pct")]
    [InlineData("random")]
    public void PreemptionBoundWithAStrategyThatIgnoresIt_IsExit2(string strategy)
    {
        var result = PgtRunner.Run("check", "--strategy", strategy, "--preemption-bound", "1", TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"--preemption-bound 1 applies to --strategy dfs or dpor, not {strategy}", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void PreemptionBoundWithTheDefaultStrategy_IsExit2()
    {
        var result = PgtRunner.Run("check", "--preemption-bound", "0", TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--preemption-bound 0 applies to --strategy dfs or dpor, not pct", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--strategy", "bfs", "unknown strategy 'bfs'")]
    [InlineData("--seed", "-1", "--seed needs a whole number")]
    [InlineData("--iterations", "0", "--iterations needs a whole number 1 or more")]
    [InlineData("--max-steps", "many", "--max-steps needs a whole number")]
    [InlineData("--preemption-bound", "-2", "--preemption-bound needs a whole number 0 or more")]
    [InlineData("--workers", "65", "--workers needs a whole number from 1 to 64")]
    [InlineData("--timeout", "soon", "--timeout needs a duration")]
    [InlineData("--timeout", "0s", "--timeout must be more than 0")]
    [InlineData("--format", "xml", "unknown format 'xml'")]
    public void BadOptionValue_IsExit2NamingTheOption(string option, string value, string message)
    {
        var result = PgtRunner.Run("check", option, value, TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionWithoutValue_IsExit2()
    {
        var result = PgtRunner.Run("check", TestFiles.Scenario("Outcomes"), "--seed");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal(["pgt: --seed needs a value"], result.ErrorLines);
    }

    [Fact]
    public void NoStaticAndNoDynamic_IsExit2()
    {
        var result = PgtRunner.Run("check", "--no-static", "--no-dynamic", TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("leave nothing to check", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public void Help_PrintsUsageAndExits0(string help)
    {
        var result = PgtRunner.Run(help);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("pgt check [OPTIONS] [PATH ...]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--trace-dir DIR", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void HelpAfterCommand_PrintsUsage()
    {
        var result = PgtRunner.Run("check", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ParsesEveryOption()
    {
        var parsed = Assert.IsType<CheckOptions>(CommandLineParser.Parse(
        [
            "check", "--strategy", "dfs", "--seed=0x10", "--iterations", "7", "--max-steps", "300", "--preemption-bound", "2",
            "--pct-depth", "2", "--workers", "2", "--timeout", "1.5s", "--watchdog", "250ms", "--format", "sarif",
            "--trace-dir", "out", "--no-static", "a.cs", "--", "--odd-name.cs",
        ]));

        Assert.Equal(StrategyKind.Dfs, parsed.Strategy);
        Assert.Equal(16UL, parsed.Seed);
        Assert.Equal(7, parsed.Iterations);
        Assert.Equal(300, parsed.MaxSteps);
        Assert.Equal(2, parsed.PreemptionBound);
        Assert.Equal(2, parsed.PctDepth);
        Assert.Equal(2, parsed.Workers);
        Assert.Equal(TimeSpan.FromSeconds(1.5), parsed.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), parsed.Watchdog);
        Assert.Equal(OutputFormat.Sarif, parsed.Format);
        Assert.Equal("out", parsed.TraceDirectory);
        Assert.False(parsed.RunStatic);
        Assert.True(parsed.RunDynamic);
        Assert.Equal(["a.cs", "--odd-name.cs"], parsed.Paths);
    }

    [Fact]
    public void Check_DefaultsToSamplesAndTheExplorersDefaults_ButAShorterBudget()
    {
        var parsed = Assert.IsType<CheckOptions>(CommandLineParser.Parse(["check"]));
        var explorer = new ExplorationOptions();

        Assert.Equal(["samples"], parsed.Paths);
        Assert.Equal(explorer.Strategy, parsed.Strategy);
        Assert.Equal(2000, parsed.Iterations);
        Assert.Equal(explorer.Seed, parsed.Seed);
        Assert.Equal(OutputFormat.Text, parsed.Format);
        Assert.Null(parsed.Timeout);
    }

    [Fact]
    public void Replay_NeedsExactlyOneTrace()
    {
        Assert.Equal(["pgt: replay needs a trace file (pgt replay TRACE)"], PgtRunner.Run("replay").ErrorLines);
        Assert.Contains("replay takes one trace", PgtRunner.Run("replay", "a.json", "b.json").Stderr, StringComparison.Ordinal);
        Assert.Contains("sarif is for pgt check", PgtRunner.Run("replay", "--format", "sarif", "a.json").Stderr, StringComparison.Ordinal);
    }
}
