using System.Text.Json;
using Pgt.Cli.Tests.Support;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Cli.Tests.Dynamic;

/// <summary>The trace's optional host metadata round-trips, and traces are written atomically.</summary>
public sealed class TraceFileTests
{
    [Fact]
    public void HostMetadata_RoundTripsSortedByKey()
    {
        var trace = SmallTrace() with
        {
            Host = new Dictionary<string, string> { ["z.last"] = "2", ["a.first"] = "1", ["pgt.source:/x y/ü.cs"] = "sha256:00" },
        };

        var json = TraceFile.ToJson(trace);
        var back = TraceFile.FromJson(json);

        Assert.Equal(trace.Host.OrderBy(e => e.Key, StringComparer.Ordinal), back.Host!.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.True(back.SameSchedule(trace));
        var keys = JsonDocument.Parse(json).RootElement.GetProperty("host").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["a.first", "pgt.source:/x y/ü.cs", "z.last"], keys);
        Assert.Equal(json, TraceFile.ToJson(back));
    }

    [Fact]
    public void NoHostMetadata_WritesNoHostAndReadsNull()
    {
        var json = TraceFile.ToJson(SmallTrace());

        Assert.False(JsonDocument.Parse(json).RootElement.TryGetProperty("host", out _));
        Assert.Null(TraceFile.FromJson(json).Host);
    }

    [Fact]
    public void HostWithANonStringValue_IsAOneLineTraceError()
    {
        var json = TraceFile.ToJson(SmallTrace() with { Host = new Dictionary<string, string> { ["k"] = "v" } })
            .Replace("\"k\": \"v\"", "\"k\": 3", StringComparison.Ordinal);

        var error = Assert.Throws<TraceException>(() => TraceFile.FromJson(json, "t.json"));

        Assert.StartsWith("t.json is not a valid trace: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Save_NeverLetsAReaderSeeAHalfWrittenTrace()
    {
        using var folder = new TempFolder();
        var path = folder.File("t.trace.json");
        var small = SmallTrace();
        var large = small with { Host = Enumerable.Range(0, 2000).ToDictionary(i => $"key{i:D5}", i => new string('x', 100)) };
        TraceFile.Save(small, path);
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Every read sees one whole trace or the other, never a mix or a prefix.
                var read = TraceFile.Load(path);
                Assert.True(read.Host is null || read.Host.Count == 2000);
                Interlocked.Increment(ref reads);
            }
        });

        // Keep writing until the reader has overlapped many saves: under load the reader may start late.
        for (var i = 0; (i < 200 || Volatile.Read(ref reads) < 50) && !reader.IsCompleted; i++)
        {
            TraceFile.Save(i % 2 == 0 ? large : small, path);
        }

        stop.Cancel();
        await reader;
        Assert.True(reads >= 50);
        Assert.Equal(["t.trace.json"], Directory.GetFiles(folder.Path).Select(p => Path.GetFileName(p)));
    }

    [Fact]
    public void Check_LeavesOnlyFinishedTracesInTheTraceFolder()
    {
        using var folder = new TempFolder();

        PgtRunner.Run("check", "--iterations", "300", "--trace-dir", folder.Path, TestFiles.Scenario("Outcomes"));

        var files = Directory.GetFiles(folder.Path);
        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            Assert.EndsWith(".trace.json", file, StringComparison.Ordinal);
            Assert.NotNull(TraceFile.Load(file).Host);
        });
    }

    private static Trace SmallTrace()
    {
        var scenario = new Scenario("Tiny", execution =>
        {
            execution.Spawn("other", () => execution.Point(Operation.Local));
            execution.AtEnd(() => execution.Fail(new Finding("tiny", "BUG: EMU: tiny", [])));
        });
        var result = Explorer.Explore(scenario, new ExplorationOptions { MaxExecutions = 1 });
        return Assert.IsType<FoundFinding>(result.FirstFinding).Trace;
    }
}
