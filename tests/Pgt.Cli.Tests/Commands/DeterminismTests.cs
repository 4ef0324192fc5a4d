using System.Text.Json;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Commands;

/// <summary>The same check with the same seed gives byte-identical JSON, in one process and across processes.</summary>
public sealed class DeterminismTests
{
    private static readonly string[] Check =
    [
        "check", "--format", "json", "--iterations", "300", "--seed", "7",
        TestFiles.Scenario("Outcomes"), TestFiles.Scenario("Static/WriteAfterDefer.cs"), TestFiles.Scenario("Robustness/Throws.cs"),
    ];

    [Fact]
    public void Json_IsByteIdenticalAcrossTwoProcesses()
    {
        var first = PgtRunner.Child(Check, TimeSpan.FromSeconds(120));
        var second = PgtRunner.Child(Check, TimeSpan.FromSeconds(120));

        Assert.True(first.ExitCode == ExitCodes.Mismatch, first.ToString());
        Assert.Equal(first.ExitCode, second.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        AssertWellFormed(first.Stdout);
    }

    [Fact]
    public void Json_IsByteIdenticalTwiceInOneProcess()
    {
        var first = PgtRunner.Run(Check);
        var second = PgtRunner.Run(Check);

        Assert.Equal(first.Stdout, second.Stdout);
        AssertWellFormed(first.Stdout);
    }

    [Fact]
    public void Json_WithAPortfolioOfWorkers_IsByteIdenticalToo()
    {
        string[] portfolio = [.. Check, "--workers", "2", "--strategy", "random"];

        var first = PgtRunner.Run(portfolio);
        var second = PgtRunner.Run(portfolio);

        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("\"workers\": 2", first.Stdout, StringComparison.Ordinal);
        AssertWellFormed(first.Stdout);
    }

    [Fact]
    public void Json_HoldsBothVerdictsAndNoWallClockValue()
    {
        var result = PgtRunner.Run(Check);
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;

        Assert.Equal("pgt-check", root.GetProperty("schema").GetString());
        Assert.Equal(7UL, root.GetProperty("options").GetProperty("seed").GetUInt64());
        var scenarios = root.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var racy = scenarios["RacyIncrement"];
        Assert.True(racy.GetProperty("match").GetBoolean());
        Assert.Equal("finding", racy.GetProperty("dynamic").GetProperty("status").GetString());
        Assert.Equal("lost-update", racy.GetProperty("dynamic").GetProperty("finding").GetProperty("kind").GetString());
        var defer = scenarios["WritesAfterDefer"];
        Assert.Equal(["PGT001"], defer.GetProperty("static").GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.False(scenarios["RaceNobodyExpects"].GetProperty("match").GetBoolean());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("exitCode").GetInt32());
        Assert.DoesNotContain("elapsed", result.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\d+ ms|\d+\.\d s", result.Stdout);
    }

    private static void AssertWellFormed(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(7, document.RootElement.GetProperty("scenarios").GetArrayLength());
    }
}
