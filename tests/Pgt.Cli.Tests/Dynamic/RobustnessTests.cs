using Pgt.Cli.Tests.Checking;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Dynamic;

/// <summary>Scenario code that misbehaves becomes a finding (exit 1), never a hang, a crash or a stack trace on stderr.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public void ScenarioThatThrows_IsAFindingWithItsOwnFrame()
    {
        var result = PgtRunner.Run("check", "--iterations", "20", TestFiles.Scenario("Robustness/Throws.cs"));

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Matches(@"^StrandThrows\s+clean\s+clean\s+strand-exception\s+1\s+", OutcomeTests.Row(result, "StrandThrows"));
        Assert.Contains("threw InvalidOperationException: the scenario is broken", result.Stdout, StringComparison.Ordinal);
        // The in-memory assembly carries its PDB, so the report points into the scenario file.
        Assert.Contains("Throws.cs:14)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioThatLoopsThroughSchedulingPoints_HitsTheStepBound()
    {
        var result = PgtRunner.Run("check", "--iterations", "5", "--max-steps", "300", TestFiles.Scenario("Robustness/LoopsWithPoints.cs"));

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^SpinsForever\s+clean\s+clean\s+step-bound\s+", OutcomeTests.Row(result, "SpinsForever"));
        Assert.Contains("step bound exceeded: 300 scheduling points", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioThatDeadlocks_IsADeadlockFinding()
    {
        var result = PgtRunner.Run("check", "--iterations", "5", TestFiles.Scenario("Robustness/Deadlock.cs"));

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^WaitsForever\s+clean\s+clean\s+deadlock\s+", OutcomeTests.Row(result, "WaitsForever"));
        Assert.Contains("waits for a flag nobody sets", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioWithoutSchedulingPointsForLong_IsAHangFinding()
    {
        var result = PgtRunner.Run("check", "--iterations", "3", "--watchdog", "500ms", TestFiles.Scenario("Robustness/StallsWithoutPoints.cs"));

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^Stalls\s+clean\s+clean\s+hang\s+", OutcomeTests.Row(result, "Stalls"));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
    }

    [Fact]
    public void ChildProcess_ScenariosThatLoopForeverOrAllocateWithoutBound_AreFindingsAndTheProcessEnds()
    {
        // One process for both (each start pays for Roslyn's JIT). The heap cap of pgt's runtimeconfig
        // (4 GiB) is lowered to keep the test quick; the runaway looping thread dies with the process.
        var result = PgtRunner.Child(
            ["check", "--iterations", "2", "--watchdog", "1s", TestFiles.Scenario("ChildOnly")],
            TimeSpan.FromSeconds(120),
            environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x30000000" });

        Assert.True(result.ExitCode == ExitCodes.Mismatch, result.ToString());
        Assert.Matches(@"\nHoards\s+clean\s+clean\s+strand-exception\s+", result.Stdout);
        Assert.Contains("threw OutOfMemoryException", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nHangs\s+clean\s+clean\s+hang\s+", result.Stdout);
        Assert.Matches(@"BUG: EMU: hang: .*looper.* reached no scheduling point for 1 s", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void ChildProcess_BadInput_IsOneLineAndExit2()
    {
        var unknown = PgtRunner.Child(["check", "--bogus"], TimeSpan.FromSeconds(60));
        var broken = PgtRunner.Child(["check", TestFiles.Scenario("Errors/SyntaxError.cs")], TimeSpan.FromSeconds(60));

        foreach (var result in new[] { unknown, broken })
        {
            Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
            Assert.Single(result.ErrorLines);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(result.Stdout);
        }

        Assert.Equal("pgt: unknown option '--bogus' for check (see pgt --help)", unknown.ErrorLines[0]);
        Assert.Contains("error CS1002: ; expected", broken.Stderr, StringComparison.Ordinal);
    }
}
