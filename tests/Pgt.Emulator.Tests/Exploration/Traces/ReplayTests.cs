using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Traces;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Traces;

/// <summary>Traces: saving, loading, replaying byte for byte, and every way a trace can be wrong.</summary>
public sealed class ReplayTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pgt-replay-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(StrategyKind.Random, 3UL)]
    [InlineData(StrategyKind.Pct, 11UL)]
    [InlineData(StrategyKind.Dfs, 0UL)]
    [InlineData(StrategyKind.Dpor, 0UL)]
    public void SavedTrace_ReplaysToTheIdenticalReport(StrategyKind strategy, ulong seed)
    {
        var original = Assert.IsType<FoundFinding>(
            Explorer.Explore(Recorder.Busy(), new ExplorationOptions { Strategy = strategy, Seed = seed }).FirstFinding);
        var path = Path.Combine(_directory, "busy.trace.json");
        TraceFile.Save(original.Trace, path);

        var replayed = Explorer.Replay(Recorder.Busy(), TraceFile.Load(path));

        Assert.Null(replayed.Divergence);
        var again = Assert.IsType<FoundFinding>(replayed.Finding);
        Assert.Equal(TextReportWriter.Render(original, path), TextReportWriter.Render(again, path));
        Assert.Equal(JsonReportWriter.Render(original, path), JsonReportWriter.Render(again, path));
        Assert.Equal(TraceFile.ToJson(original.Trace), TraceFile.ToJson(replayed.Trace));
    }

    [Theory]
    [InlineData("deadlock")]
    [InlineData("step-bound")]
    [InlineData("strand-exception")]
    public void ExplorerFindings_ReplayToo(string kind)
    {
        var scenario = BadProgram(kind);
        var original = Assert.IsType<FoundFinding>(
            Explorer.Explore(scenario, new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, MaxSteps = 200 }).FirstFinding);
        Assert.Equal(kind, original.Finding.Kind);

        var replayed = Explorer.Replay(scenario, TraceFile.FromJson(TraceFile.ToJson(original.Trace)));

        Assert.Null(replayed.Divergence);
        Assert.Equal(TextReportWriter.Render(original), TextReportWriter.Render(Assert.IsType<FoundFinding>(replayed.Finding)));
    }

    [Fact]
    public void ReplayOfAChangedProgram_SaysWhereItDiverged()
    {
        var original = Assert.IsType<FoundFinding>(
            Explorer.Explore(Programs.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 2 }).FirstFinding);
        var changed = new Scenario("lost-update", execution =>
        {
            var memory = new SharedWords(execution, 1);
            execution.Spawn("inc-a", () => memory.AtomicIncrement(0));
            execution.Spawn("inc-b", () => memory.AtomicIncrement(0));
        });

        var replayed = Explorer.Replay(changed, original.Trace);

        Assert.NotNull(replayed.Divergence);
        Assert.StartsWith("best-effort replay diverged at step ", replayed.Divergence);
        Assert.Null(replayed.Finding);
    }

    [Fact]
    public void ReplayOfAnotherScenario_IsRefusedWithOneLine()
    {
        var trace = Assert.IsType<FoundFinding>(
            Explorer.Explore(Programs.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Random }).FirstFinding).Trace;

        var error = Assert.Throws<TraceException>(() => Explorer.Replay(Programs.IndependentWriters(), trace));

        Assert.Equal("the trace is of scenario 'lost-update', not 'independent-writers'", error.Message);
    }

    [Fact]
    public void TruncatedTrace_IsAOneLineError()
    {
        var json = TraceFile.ToJson(BusyTrace());
        var path = Path.Combine(_directory, "cut.json");
        File.WriteAllText(path, json[..(json.Length / 2)]);

        var error = Assert.Throws<TraceException>(() => TraceFile.Load(path));

        Assert.StartsWith($"{path} is not a valid trace: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TraceOfAnotherFormatVersion_IsAOneLineError()
    {
        var json = TraceFile.ToJson(BusyTrace()).Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal);

        var error = Assert.Throws<TraceException>(() => TraceFile.FromJson(json, "t.json"));

        Assert.Equal("t.json has trace format version 99; this tool reads version 1", error.Message);
    }

    [Theory]
    [InlineData("\"decisions\": [", "\"decisions\": [\"T9: gibberish\", ")]
    [InlineData("\"format\": \"pgt-trace\"", "\"format\": \"something-else\"")]
    [InlineData("\"seed\": ", "\"seed\": \"x\", \"unused\": ")]
    [InlineData("\"strategy\": \"", "\"strategy\": \"nope")]
    public void CorruptedTrace_IsAOneLineError(string find, string replace)
    {
        var json = TraceFile.ToJson(BusyTrace()).Replace(find, replace, StringComparison.Ordinal);

        var error = Assert.Throws<TraceException>(() => TraceFile.FromJson(json, "t.json"));

        Assert.StartsWith("t.json ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void MissingTraceFile_IsAOneLineError()
    {
        var error = Assert.Throws<TraceException>(() => TraceFile.Load(Path.Combine(_directory, "absent.json")));

        Assert.StartsWith("cannot read trace ", error.Message);
    }

    [Fact]
    public void TraceRoundTrip_KeepsEveryField()
    {
        var trace = BusyTrace();

        var back = TraceFile.FromJson(TraceFile.ToJson(trace));

        Assert.True(trace.SameSchedule(back));
        Assert.Equal(trace.FindingKind, back.FindingKind);
        Assert.Equal(trace.FindingTitle, back.FindingTitle);
        Assert.Equal(trace.StrategyDescription, back.StrategyDescription);
        Assert.Contains(trace.Decisions, d => d.Kind == DecisionKind.Bool);
        Assert.Contains(trace.Decisions, d => d.Kind == DecisionKind.Int);
    }

    [Fact]
    public void Save_LeavesNoTemporaryFileBehind()
    {
        var path = Path.Combine(_directory, "sub", "t.json");

        TraceFile.Save(BusyTrace(), path);
        TraceFile.Save(BusyTrace(), path);

        Assert.Equal(["t.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    private static Trace BusyTrace()
    {
        // Seed 4 takes both branches of the data choices (checked by TraceRoundTrip_KeepsEveryField).
        for (ulong seed = 4; ; seed++)
        {
            var found = Explorer.Explore(Recorder.Busy(), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = seed }).FirstFinding!;
            if (found.Trace.Decisions.Any(d => d.Kind == DecisionKind.Int) && found.Trace.Decisions.Any(d => d.Kind == DecisionKind.Bool))
            {
                return found.Trace;
            }
        }
    }

    private static Scenario BadProgram(string kind) => new($"bad-{kind}", execution =>
    {
        var memory = new SharedWords(execution, 1);
        var never = new Flag(execution, 1);
        execution.Spawn("a", () =>
        {
            memory.Write(0, 1);
            switch (kind)
            {
                case "deadlock":
                    never.Wait();
                    break;
                case "step-bound":
                    while (true)
                    {
                        memory.Read(0);
                    }

                default:
                    throw new InvalidOperationException("bad");
            }
        });
        execution.Spawn("b", () => memory.Write(0, 2));
    });
}
