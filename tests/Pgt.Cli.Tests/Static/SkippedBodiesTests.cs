using System.Text;
using System.Text.Json.Nodes;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Static;

/// <summary>
/// A body the analyzers gave up on (over their budget) is not "clean": pgt says so in the Static cell,
/// in a section of the text, in JSON and as a SARIF tool notification. Nothing is added when nothing was
/// skipped.
/// </summary>
public sealed class SkippedBodiesTests
{
    /// <summary>A scenario file whose helper has more basic blocks than the budget and calls a [DeferredFree] method.</summary>
    private static string HugeFile(bool annotated)
    {
        var text = new StringBuilder("""
            using Pgt.Emulator.Exploration;
            using Pgt.Emulator.Scenarios;
            using PgtAnalyzers.Annotations;

            namespace CliTests.Skipped;

            public static class Huge
            {
            """);
        text.Append(annotated
            ? "    public static void Defer([DeferredFree] ulong[] table)\n    {\n    }\n\n"
            : "    public static void Defer(ulong[] table)\n    {\n    }\n\n");
        text.Append("    public static void Big(ulong[] table, int x)\n    {\n");
        for (var i = 0; i < 1100; i++)
        {
            text.Append($"        if (x == {i}) table[0] = {i};\n");
        }

        text.Append("""
                    Defer(table);
                }

                [Scenario("calls a body too big to analyse")]
                public static void CallsBig(IExecution execution) => Big(new ulong[4], 1);
            }

            """);
        return text.ToString();
    }

    [Fact]
    public void BodyOverBudget_ShowsInTheStaticCellAndItsOwnSection()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Huge.cs", HugeFile(annotated: true));

        var result = PgtRunner.Run("check", "--no-dynamic", file);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"\nCallsBig\s+clean\s+clean \(1 body skipped: over budget\)\s+skipped\s", result.Stdout);
        Assert.Contains("\nNot analysed (the static verdict does not cover these bodies):\n", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"  \S*Huge\.cs\(\d+,24\): Huge\.Big\(ulong\[\], int\): 1 body skipped: over budget \(PGT\d{3}(,PGT\d{3})*\)\n", result.Stdout);
    }

    [Fact]
    public void BigBodyThatTouchesNoAnnotation_IsNotSkippedButFiltered()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Huge.cs", HugeFile(annotated: false));

        var result = PgtRunner.Run("check", "--no-dynamic", file);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"\nCallsBig\s+clean\s+clean\s+skipped\s", result.Stdout);
        Assert.DoesNotContain("skipped:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Not analysed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyOverBudget_IsListedInJsonOfTheScenarioAndOfTheRun()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Huge.cs", HugeFile(annotated: true));

        var json = JsonNode.Parse(PgtRunner.Run("check", "--no-dynamic", "--format", "json", file).Stdout)!;

        var skipped = json["scenarios"]![0]!["static"]!["skipped"]!.AsArray();
        var entry = Assert.Single(skipped)!;
        Assert.Equal("Huge.Big(ulong[], int)", entry["member"]!.GetValue<string>());
        Assert.Equal("overBudget", entry["reason"]!.GetValue<string>());
        Assert.Equal(1, entry["bodies"]!.GetValue<int>());
        Assert.Contains("PGT001", entry["rules"]!.AsArray().Select(rule => rule!.GetValue<string>()));
        Assert.Equal(12, entry["location"]!["line"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(skipped, json["skipped"]));
    }

    [Fact]
    public void NothingSkipped_AddsNoJsonField()
    {
        var json = JsonNode.Parse(PgtRunner.Run("check", "--no-dynamic", "--format", "json", TestFiles.Scenario("Static/WriteAfterDefer.cs")).Stdout)!.AsObject();

        Assert.False(json.ContainsKey("skipped"));
        Assert.False(json["scenarios"]![0]!["static"]!.AsObject().ContainsKey("skipped"));
    }

    [Fact]
    public void BodyOverBudget_IsAValidSarifToolNotification()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Huge.cs", HugeFile(annotated: true));

        var sarif = PgtRunner.Run("check", "--no-dynamic", "--format", "sarif", file).Stdout;

        Assert.True(Output.SarifTests.Validate(sarif).IsValid);
        var notification = Assert.Single(JsonNode.Parse(sarif)!["runs"]![0]!["invocations"]![0]!["toolExecutionNotifications"]!.AsArray())!;
        Assert.Equal("warning", notification["level"]!.GetValue<string>());
        Assert.StartsWith("Huge.Big(ulong[], int): 1 body skipped: over budget; ", notification["message"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(12, notification["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>());
    }
}
