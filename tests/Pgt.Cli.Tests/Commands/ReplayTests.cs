using System.Text.Json;
using System.Text.Json.Nodes;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Commands;

/// <summary>
/// pgt replay prints the report of pgt check byte for byte and then one line saying whether the recorded
/// finding came back, and refuses unusable traces in one line.
/// </summary>
public sealed class ReplayTests
{
    [Theory]
    [InlineData("Outcomes/LostUpdate.cs", "RacyIncrement-lost-update")]
    [InlineData("Robustness/Throws.cs", "StrandThrows-strand-exception")]
    [InlineData("Robustness/Deadlock.cs", "WaitsForever-deadlock")]
    public void Replay_PrintsTheReportOfCheckByteForByte(string file, string traceName)
    {
        using var folder = new TempFolder();
        var check = PgtRunner.Run("check", "--iterations", "500", "--trace-dir", folder.Path, TestFiles.Scenario(file), TestFiles.Scenario("Outcomes/Support"));
        var trace = folder.File(traceName + ".trace.json");

        var replay = PgtRunner.Run("replay", trace);

        Assert.True(replay.ExitCode == ExitCodes.Success, replay.ToString());
        Assert.Empty(replay.Stderr);
        var verdictStart = replay.Stdout.LastIndexOf("pgt replay: ", StringComparison.Ordinal);
        var report = replay.Stdout[..verdictStart];
        var kind = traceName[(traceName.IndexOf('-', StringComparison.Ordinal) + 1)..];
        Assert.Matches($@"^pgt replay: reproduced: the recorded {kind} came back at step \d+ of the recorded schedule\n$", replay.Stdout[verdictStart..]);
        Assert.StartsWith("==================================================================\nBUG: EMU: ", report, StringComparison.Ordinal);
        Assert.Contains($"replay: pgt replay {trace}\n", report, StringComparison.Ordinal);
        Assert.Contains(report, check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckWithoutTraceDir_SaysHowToReplay_AndTheRerunItNamesReplaysTheReport()
    {
        using var folder = new TempFolder();
        var files = new[] { TestFiles.Scenario("Outcomes/LostUpdate.cs"), TestFiles.Scenario("Outcomes/Support") };
        var check = PgtRunner.Run(["check", "--iterations", "500", .. files]);
        const string Hint = "\nTo replay a report: run this command again with --trace-dir DIR, then pgt replay DIR/<scenario>-<kind>.trace.json\n";
        Assert.Contains(Hint, check.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("replay: pgt replay", check.Stdout, StringComparison.Ordinal);

        // Following the hint: the rerun saves the trace, names it in the report instead, and replay reproduces it.
        var rerun = PgtRunner.Run(["check", "--iterations", "500", "--trace-dir", folder.Path, .. files]);
        var trace = folder.File("RacyIncrement-lost-update.trace.json");
        Assert.DoesNotContain(Hint, rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"replay: pgt replay {trace}\n", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, PgtRunner.Run("replay", trace).ExitCode);
    }

    [Fact]
    public void ReplayAsJson_MatchesTheFindingOfCheckJson()
    {
        using var folder = new TempFolder();
        var check = PgtRunner.Run("check", "--format", "json", "--iterations", "500", "--trace-dir", folder.Path,
            TestFiles.Scenario("Outcomes/LostUpdate.cs"), TestFiles.Scenario("Outcomes/Support"));
        var trace = folder.File("RacyIncrement-lost-update.trace.json");

        var replay = PgtRunner.Run("replay", "--format", "json", trace);

        Assert.Equal(ExitCodes.Success, replay.ExitCode);
        Assert.Matches(@"^pgt replay: reproduced: the recorded lost-update came back at step \d+ of the recorded schedule$", Assert.Single(replay.ErrorLines));
        var fromCheck = JsonNode.Parse(check.Stdout)!["scenarios"]![0]!["dynamic"]!["finding"]!;
        var fromReplay = JsonNode.Parse(replay.Stdout)!;
        Assert.True(JsonNode.DeepEquals(fromCheck, fromReplay), $"{fromCheck}\n---\n{fromReplay}");
    }

    [Fact]
    public void EditedSource_WarnsAndStillReplays()
    {
        using var folder = new TempFolder();
        var source = folder.Write("src/Race.cs", File.ReadAllText(TestFiles.Scenario("Outcomes/LostUpdate.cs")));
        File.Copy(TestFiles.Scenario("Outcomes/Support/Counter.cs"), folder.File("src/Counter.cs"));
        PgtRunner.Run("check", "--iterations", "500", "--trace-dir", folder.File("traces"), folder.File("src"));
        File.AppendAllText(source, "\n// an edit that changes nothing\n");

        var replay = PgtRunner.Run("replay", folder.File("traces/RacyIncrement-lost-update.trace.json"));

        Assert.Equal(ExitCodes.Success, replay.ExitCode);
        Assert.Equal([$"pgt: warning: {source} changed since the trace was recorded; the replay may diverge"], replay.ErrorLines);
    }

    [Fact]
    public void MissingTrace_IsExit2()
    {
        using var folder = new TempFolder();
        var missing = folder.File("nothing.trace.json");

        var result = PgtRunner.Run("replay", missing);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith($"pgt: cannot read trace {missing}: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableTrace_IsExit2()
    {
        using var folder = new TempFolder();
        var loop = folder.File("loop.trace.json");
        File.CreateSymbolicLink(loop, loop);

        var result = PgtRunner.Run("replay", loop);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith($"pgt: cannot read trace {loop}: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceOfAnotherFormatVersion_IsExit2()
    {
        using var folder = new TempFolder();
        var trace = RecordTrace(folder);
        var json = JsonNode.Parse(File.ReadAllText(trace))!;
        json["formatVersion"] = 99;
        File.WriteAllText(trace, json.ToJsonString());

        var result = PgtRunner.Run("replay", trace);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal([$"pgt: {trace} has trace format version 99; this tool reads version 1"], result.ErrorLines);
    }

    [Fact]
    public void TruncatedTrace_IsExit2()
    {
        using var folder = new TempFolder();
        var trace = RecordTrace(folder);
        var text = File.ReadAllText(trace);
        File.WriteAllText(trace, text[..(text.Length / 2)]);

        var result = PgtRunner.Run("replay", trace);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith($"pgt: {trace} is not a valid trace: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptedDecision_IsExit2()
    {
        using var folder = new TempFolder();
        var trace = RecordTrace(folder);
        var json = JsonNode.Parse(File.ReadAllText(trace))!;
        json["decisions"]![1] = "T9: gibberish";
        File.WriteAllText(trace, json.ToJsonString());

        var result = PgtRunner.Run("replay", trace);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("is not a valid trace: decision 1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceThatDoesNotFitTheProgram_IsExit1WithAWarning()
    {
        using var folder = new TempFolder();
        var trace = RecordTrace(folder);
        var json = JsonNode.Parse(File.ReadAllText(trace))!;
        // Swap which incrementer runs first: a schedule this program never produces at that step.
        var decisions = json["decisions"]!.AsArray();
        decisions[0] = "T0: W 0x1000 [T0]";
        File.WriteAllText(trace, json.ToJsonString());

        var result = PgtRunner.Run("replay", trace);

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Contains("diverged", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("pgt replay: NOT reproduced: ", result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TraceWithoutHostMetadata_IsExit2()
    {
        using var folder = new TempFolder();
        var trace = RecordTrace(folder);
        var json = JsonNode.Parse(File.ReadAllText(trace))!.AsObject();
        json.Remove("host");
        File.WriteAllText(trace, json.ToJsonString());

        var result = PgtRunner.Run("replay", trace);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal([$"pgt: {trace} names no scenario source: replay needs a trace written by pgt check --trace-dir"], result.ErrorLines);
    }

    [Fact]
    public void TraceWhoseSourceIsGone_IsExit2()
    {
        using var folder = new TempFolder();
        var source = folder.Write("src/Race.cs", File.ReadAllText(TestFiles.Scenario("Outcomes/LostUpdate.cs")));
        File.Copy(TestFiles.Scenario("Outcomes/Support/Counter.cs"), folder.File("src/Counter.cs"));
        PgtRunner.Run("check", "--iterations", "500", "--trace-dir", folder.File("traces"), folder.File("src"));
        File.Delete(source);

        var result = PgtRunner.Run("replay", folder.File("traces/RacyIncrement-lost-update.trace.json"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal([$"pgt: the trace's source file {source} does not exist any more"], result.ErrorLines);
    }

    private static string RecordTrace(TempFolder folder)
    {
        var check = PgtRunner.Run("check", "--iterations", "500", "--trace-dir", folder.Path, TestFiles.Scenario("Outcomes/LostUpdate.cs"), TestFiles.Scenario("Outcomes/Support"));
        Assert.Equal(ExitCodes.Success, check.ExitCode);
        var trace = folder.File("RacyIncrement-lost-update.trace.json");
        Assert.True(File.Exists(trace));
        _ = JsonDocument.Parse(File.ReadAllText(trace));
        return trace;
    }
}
