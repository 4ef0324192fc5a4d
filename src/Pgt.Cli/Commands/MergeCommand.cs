using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pgt.Cli.CommandLine;
using Pgt.Cli.Output;
using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Commands;

/// <summary>
/// <c>pgt merge FILE ...</c>: combines the <c>pgt check --shard i/n --format json</c> documents of every
/// shard of one run into the document one process would have printed (see <see cref="ShardMerge"/>):
/// random/PCT shards give what <c>--workers n</c> gives, byte for byte; DFS/DPOR shards give one process's
/// verdict over the same split. Every shard 1..n must be there exactly once, all run with the same options
/// on the same scenarios; anything else is bad input.
/// </summary>
public sealed class MergeCommand
{
    private readonly MergeOptions _options;
    private readonly TextWriter _stdout;
    private readonly string _workingDirectory;

    public MergeCommand(MergeOptions options, TextWriter stdout, string? workingDirectory = null)
    {
        this._options = options;
        this._stdout = stdout;
        this._workingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
    }

    public int Run()
    {
        var shards = _options.Files.Select(Load).OrderBy(shard => shard.Shard.Index).ToList();
        CheckSameRun(shards);
        var merged = shards[0].Document.DeepClone().AsObject();
        var options = merged["options"]!.AsObject();
        options.Remove("shard");
        var systematic = IsSystematic(options);
        if (!systematic)
        {
            options["workers"] = shards[0].Shard.Count; // n random/PCT shards are the n-worker portfolio
        }

        var scenarios = merged["scenarios"]!.AsArray();
        var mismatchCount = 0;
        for (var i = 0; i < scenarios.Count; i++)
        {
            var scenario = scenarios[i]!.AsObject();
            var dynamics = shards.Select(shard => shard.Document["scenarios"]![i]!["dynamic"]!.AsObject()).ToList();
            var dynamic = MergeDynamic(shards, dynamics, systematic);
            scenario["dynamic"] = dynamic;
            var mismatches = scenario["mismatches"]!.AsArray()
                .Select(reason => reason!.GetValue<string>())
                .Where(reason => reason.StartsWith("static:", StringComparison.Ordinal))
                .ToList();
            if (DynamicMismatch(scenario, dynamic) is { } reason)
            {
                mismatches.Add(reason);
            }

            scenario["match"] = mismatches.Count == 0;
            scenario["mismatches"] = new JsonArray(mismatches.Select(text => (JsonNode)JsonValue.Create(text)).ToArray());
            mismatchCount += mismatches.Count == 0 ? 0 : 1;
        }

        var stopped = shards.Select(shard => shard.Document["summary"]?["stopped"]?.GetValue<string>()).FirstOrDefault(text => text is not null);
        var summary = merged["summary"]!.AsObject();
        summary["ok"] = scenarios.Count - mismatchCount;
        summary["mismatches"] = mismatchCount;
        summary["stopped"] = stopped;
        var exitCode = mismatchCount == 0 && stopped is null ? ExitCodes.Success : ExitCodes.Mismatch;
        summary["exitCode"] = exitCode;
        _stdout.Write(Render(merged));
        _stdout.Flush();
        return exitCode;
    }

    private static string Render(JsonObject document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static JsonObject MergeDynamic(List<ShardDocument> shards, List<JsonObject> dynamics, bool systematic)
    {
        // A shard that did not explore (not run, skipped, abandoned) decides the verdict: it is incomplete.
        var unexplored = dynamics.FindIndex(dynamic => dynamic["executions"] is null);
        if (unexplored >= 0)
        {
            return WithoutShardPart(dynamics[unexplored]);
        }

        var outcomes = dynamics.Select((dynamic, i) => Outcome(shards[i], dynamic, systematic)).ToList();
        MergedOutcome merged;
        try
        {
            merged = ShardMerge.Merge(outcomes);
        }
        catch (ArgumentException exception)
        {
            throw new BadInputException(exception.Message, exception);
        }

        var statuses = dynamics.Select(dynamic => dynamic["status"]!.GetValue<string>()).ToList();
        var status = merged.Winner is not null ? "finding"
            : statuses.FirstOrDefault(text => text is not "clean" and not "finding") ?? "clean";
        var lead = dynamics[merged.Winner ?? 0];
        var result = new JsonObject
        {
            ["status"] = status,
            ["strategy"] = dynamics[0]["strategy"]!.DeepClone(),
            ["executions"] = merged.Executions,
            ["exhausted"] = merged.Exhausted,
            ["stoppedBy"] = JsonNamingPolicy.CamelCase.ConvertName(merged.StoppedBy.ToString()),
            ["trace"] = merged.Winner is not null ? lead["trace"]?.DeepClone() : null,
        };
        if (merged.Winner is not null)
        {
            result["findingExecution"] = merged.FindingExecution;
            result["findingWorker"] = merged.FindingWorker;
            result["finding"] = lead["finding"]!.DeepClone();
        }
        else
        {
            result["finding"] = null;
        }

        return result;
    }

    private static ShardOutcome Outcome(ShardDocument shard, JsonObject dynamic, bool systematic)
    {
        try
        {
            var hasFinding = dynamic["finding"] is JsonObject;
            var units = dynamic["units"]?.AsArray()
                .Select(pair => new UnitExecutions(pair![0]!.GetValue<long>(), pair[1]!.GetValue<long>()))
                .ToList() ?? [];
            var stoppedBy = Enum.Parse<StopReason>(dynamic["stoppedBy"]!.GetValue<string>(), ignoreCase: true);
            return new ShardOutcome(
                shard.Shard,
                systematic,
                dynamic["executions"]!.GetValue<long>(),
                dynamic["exhausted"]!.GetValue<bool>(),
                stoppedBy,
                units,
                hasFinding ? dynamic["findingExecution"]!.GetValue<long>() : null,
                dynamic["findingUnit"]?.GetValue<long>() ?? -1);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
        {
            throw new BadInputException($"{shard.Path}: a scenario's dynamic result is malformed ({exception.Message.ReplaceLineEndings(" ")})", exception);
        }
    }

    private static JsonObject WithoutShardPart(JsonObject dynamic)
    {
        var copy = dynamic.DeepClone().AsObject();
        copy.Remove("units");
        copy.Remove("findingUnit");
        return copy;
    }

    /// <summary>The dynamic half of <c>ScenarioResult.Mismatches</c>, on the merged verdict.</summary>
    private static string? DynamicMismatch(JsonObject scenario, JsonObject dynamic)
    {
        var expected = scenario["expected"]?["finding"]?.GetValue<string>();
        var status = dynamic["status"]!.GetValue<string>();
        var got = status switch
        {
            "finding" => dynamic["finding"]!["kind"]!.GetValue<string>(),
            "timedOut" => "timeout",
            "notRun" => "not run",
            _ => status,
        };
        return status switch
        {
            "skipped" => null,
            "finding" when got == expected => null,
            "clean" when expected is null => null,
            "finding" or "clean" => $"dynamic: expected {expected ?? "clean"}, got {got}",
            _ => $"dynamic: {got} before the exploration finished",
        };
    }

    private static bool IsSystematic(JsonObject options) =>
        options["strategy"]?.GetValue<string>() is "dfs" or "dpor";

    private void CheckSameRun(List<ShardDocument> shards)
    {
        var first = shards[0];
        foreach (var shard in shards.Skip(1))
        {
            if (shard.Shard.Count != first.Shard.Count)
            {
                throw new BadInputException($"{shard.Path} is shard {shard.Shard} but {first.Path} is shard {first.Shard}: they are of different splits");
            }

            if (Fingerprint(shard.Document["options"]) != Fingerprint(first.Document["options"]))
            {
                throw new BadInputException($"{shard.Path} was run with other options than {first.Path}");
            }

            if (ScenarioKey(shard.Document) != ScenarioKey(first.Document))
            {
                throw new BadInputException($"{shard.Path} explored other scenarios than {first.Path}");
            }
        }

        for (var index = 0; index < first.Shard.Count; index++)
        {
            var count = shards.Count(shard => shard.Shard.Index == index);
            if (count != 1)
            {
                var which = new ExplorationShard(index, first.Shard.Count);
                throw new BadInputException(count == 0 ? $"shard {which} is missing" : $"shard {which} is given {count} times");
            }
        }
    }

    private static string Fingerprint(JsonNode? options)
    {
        var copy = options?.DeepClone() as JsonObject ?? new JsonObject();
        copy.Remove("shard");
        return copy.ToJsonString();
    }

    private static string ScenarioKey(JsonNode document) =>
        string.Join("\n", document["scenarios"]!.AsArray().Select(scenario =>
            string.Create(CultureInfo.InvariantCulture, $"{scenario!["name"]} {scenario["file"]} {scenario["line"]} {scenario["expected"]?.ToJsonString()}")));

    private ShardDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.GetFullPath(path, _workingDirectory));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BadInputException($"cannot read {path}: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }

        JsonObject document;
        try
        {
            document = JsonNode.Parse(text) as JsonObject ?? throw new BadInputException($"{path} is not a JSON object");
        }
        catch (JsonException exception)
        {
            throw new BadInputException($"{path} is not JSON: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }

        try
        {
            if (document["schema"]?.GetValue<string>() != JsonOutput.Schema || document["schemaVersion"]?.GetValue<int>() != JsonOutput.SchemaVersion)
            {
                throw new BadInputException($"{path} is not a {JsonOutput.Schema} version {JsonOutput.SchemaVersion} document (pgt check --format json)");
            }

            var shardText = document["options"]?["shard"]?.GetValue<string>();
            var shard = shardText is null ? null : ExplorationShard.TryParse(shardText);
            if (shard is null)
            {
                throw new BadInputException($"{path} is not a shard's result (pgt check --shard i/n --format json)");
            }

            if (document["scenarios"] is not JsonArray || document["summary"] is not JsonObject)
            {
                throw new BadInputException($"{path} has no scenarios or summary");
            }

            return new ShardDocument(path, shard.Value, document);
        }
        catch (InvalidOperationException exception)
        {
            throw new BadInputException($"{path} is malformed: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }
    }

    private sealed record ShardDocument(string Path, ExplorationShard Shard, JsonObject Document);
}
