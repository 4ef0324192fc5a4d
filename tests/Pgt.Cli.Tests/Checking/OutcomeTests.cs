using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Checking;

/// <summary>Exit 0 when every outcome matches its declaration, 1 otherwise; the table says which and why.</summary>
public sealed class OutcomeTests
{
    private static readonly string Support = TestFiles.Scenario("Outcomes/Support");

    [Fact]
    public void DeclaredFindingThatIsFound_IsASuccess()
    {
        var result = PgtRunner.Run("check", "--iterations", "500", TestFiles.Scenario("Outcomes/LostUpdate.cs"), Support);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var row = Row(result, "RacyIncrement");
        Assert.Matches(@"^RacyIncrement\s+lost-update\s+clean\s+lost-update\s+\d+\s+\d+(\.\d)? m?s\s+ok\s+two strands", row);
        Assert.Contains("BUG: EMU: lost-update: the counter is 1 after 2 increments", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 scenario(s): 1 ok, 0 MISMATCH\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FindingThatIsNotDeclared_IsExit1()
    {
        var result = PgtRunner.Run("check", "--iterations", "500", TestFiles.Scenario("Outcomes/UndeclaredRace.cs"), Support);

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^RaceNobodyExpects\s+clean\s+clean\s+lost-update\s+.*MISMATCH", Row(result, "RaceNobodyExpects"));
        Assert.Contains("RaceNobodyExpects (", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dynamic: expected clean, got lost-update", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredFindingThatIsNotFound_IsExit1()
    {
        var result = PgtRunner.Run("check", "--strategy", "dfs", TestFiles.Scenario("Outcomes/MissingFinding.cs"), Support);

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^ExpectsTooMuch\s+lost-update\s+clean\s+clean\s+\d+ \(verified\)\s+-\s+MISMATCH", Row(result, "ExpectsTooMuch"));
        Assert.Contains("dynamic: expected lost-update, got clean", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioTakingAMachineBuiltFromTheExecution_Runs()
    {
        var result = PgtRunner.Run("check", "--iterations", "500", TestFiles.Scenario("Outcomes/MachineArgument.cs"), Support);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("BUG: EMU: lost-update", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanVerdict_StatesWhatWasCovered()
    {
        var exhaustive = PgtRunner.Run("check", "--strategy", "dfs", TestFiles.Scenario("Outcomes/SingleIncrement.cs"), Support);
        var sampled = PgtRunner.Run("check", "--iterations", "40", TestFiles.Scenario("Outcomes/SingleIncrement.cs"), Support);

        Assert.Equal(ExitCodes.Success, exhaustive.ExitCode);
        Assert.Matches(@"OneIncrementer: verified: every schedule within the bounds explored \(\d+ executions, dfs\(pb=\d+\)\); bounds: at most 10000 steps per execution \(longest \d+\), the scenario.s 2 strands, no preemption bound", exhaustive.Stdout);
        Assert.Equal(ExitCodes.Success, sampled.ExitCode);
        Assert.Contains("OneIncrementer: no finding in 40 execution(s) (pct(d=3)); the execution budget was used up, the schedule space was not exhausted", sampled.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"^OneIncrementer\s+clean\s+clean\s+clean\s+40 \(budget\)\s+-\s+ok", Row(sampled, "OneIncrementer"));
    }

    [Fact]
    public void BoundedVerdict_NamesItsPreemptionBound_InTheVerdictAndTheTable()
    {
        var bounded = PgtRunner.Run("check", "--strategy", "dpor", "--preemption-bound", "1", TestFiles.Scenario("Outcomes/SingleIncrement.cs"), Support);
        var unbounded = PgtRunner.Run("check", "--strategy", "dpor", TestFiles.Scenario("Outcomes/SingleIncrement.cs"), Support);

        Assert.Equal(ExitCodes.Success, bounded.ExitCode);
        Assert.Matches(@"OneIncrementer: verified: every schedule within the bounds explored \(\d+ executions, dpor\(pb=1\)\); bounds: at most 10000 steps per execution \(longest \d+\), the scenario.s 2 strands, at most 1 preemption\(s\)", bounded.Stdout);
        Assert.Matches(@"^OneIncrementer\s+clean\s+clean\s+clean\s+\d+ \(verified, pb=1\)\s+-\s+ok", Row(bounded, "OneIncrementer"));
        Assert.Equal(ExitCodes.Success, unbounded.ExitCode);
        Assert.Matches(@"OneIncrementer: verified: every schedule within the bounds explored \(\d+ executions, dpor\); bounds: .*, no preemption bound", unbounded.Stdout);
        Assert.Matches(@"^OneIncrementer\s+clean\s+clean\s+clean\s+\d+ \(verified\)\s+-\s+ok", Row(unbounded, "OneIncrementer"));
    }

    [Fact]
    public void DeclaredRuleThatTheAnalyzersReport_IsASuccess()
    {
        var path = TestFiles.Scenario("Static/WriteAfterDefer.cs");

        var result = PgtRunner.Run("check", "--iterations", "5", path);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"^WritesAfterDefer\s+clean \+ PGT001\s+PGT001\s+clean\s+", Row(result, "WritesAfterDefer"));
        Assert.Contains($"  {TestFiles.Shown(path)}(33,9): error PGT001: 'table' is written after it was handed to deferred freeing by 'PteFreeDefer' on line 32", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleThatIsNotDeclared_IsExit1()
    {
        var result = PgtRunner.Run("check", "--iterations", "5", TestFiles.Scenario("Static"));

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^WritesAfterDeferSilently\s+clean\s+PGT001\s+clean\s+.*MISMATCH", Row(result, "WritesAfterDeferSilently"));
        Assert.Contains("static: expected clean, got PGT001", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 scenario(s): 1 ok, 1 MISMATCH", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NoStatic_JudgesTheDynamicHalfOnly()
    {
        var result = PgtRunner.Run("check", "--no-static", "--iterations", "5", TestFiles.Scenario("Static"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(@"^WritesAfterDeferSilently\s+clean\s+skipped\s+clean\s+", Row(result, "WritesAfterDeferSilently"));
        Assert.DoesNotContain("Static diagnostics:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDynamic_JudgesTheStaticHalfOnly()
    {
        var result = PgtRunner.Run("check", "--no-dynamic", TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(@"^RaceNobodyExpects\s+clean\s+clean\s+skipped\s+-\s+-\s+ok", Row(result, "RaceNobodyExpects"));
    }

    [Fact]
    public void TraceDir_WritesOneTracePerFindingAndPrintsTheReplayHint()
    {
        using var folder = new TempFolder();
        var traces = Path.Combine(folder.Path, "traces");

        var result = PgtRunner.Run("check", "--iterations", "500", "--trace-dir", traces, TestFiles.Scenario("Outcomes"));

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        var written = Directory.GetFiles(traces).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["RaceNobodyExpects-lost-update.trace.json", "RaceOnToyMachine-lost-update.trace.json", "RacyIncrement-lost-update.trace.json"], written);
        Assert.Contains($"; replay: pgt replay {Path.Join(traces, "RacyIncrement-lost-update.trace.json")}\n", result.Stdout, StringComparison.Ordinal);
    }

    internal static string Row(PgtResult result, string scenario) =>
        result.Stdout.Split('\n').FirstOrDefault(line => line.StartsWith(scenario + " ", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no row for {scenario} in\n{result}");
}
