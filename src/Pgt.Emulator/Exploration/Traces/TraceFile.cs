using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pgt.Emulator.Exploration.Traces;

/// <summary>
/// Reads and writes traces as JSON with a fixed property order. Anything wrong with a file (missing,
/// truncated, another format version) becomes a <see cref="TraceException"/> with a one-line message.
/// </summary>
public static class TraceFile
{
    private const string FormatName = "pgt-trace";

    /// <summary>The version of this emulator assembly, as traces record it.</summary>
    public static string ToolVersion { get; } =
        typeof(TraceFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TraceFile).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Writes <paramref name="trace"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Save(Trace trace, string path)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = $"{full}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            File.WriteAllText(temporary, ToJson(trace), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new TraceException($"cannot write trace {path}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a trace; throws <see cref="TraceException"/> when it cannot.</summary>
    public static Trace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new TraceException($"cannot read trace {path}: {exception.Message}", exception);
        }

        return FromJson(json, path);
    }

    public static string ToJson(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Files and pipes, never HTML: keep quotes and non-ASCII readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("formatVersion", trace.FormatVersion);
            writer.WriteString("toolVersion", trace.ToolVersion);
            writer.WriteString("scenario", trace.Scenario);
            writer.WriteString("strategy", StrategyName(trace.Strategy));
            writer.WriteString("strategyDescription", trace.StrategyDescription);
            writer.WriteNumber("seed", trace.Seed);
            writer.WriteStartObject("bounds");
            writer.WriteNumber("maxSteps", trace.Bounds.MaxSteps);
            if (trace.Bounds.PreemptionBound is { } bound)
            {
                writer.WriteNumber("preemptionBound", bound);
            }
            else
            {
                writer.WriteNull("preemptionBound");
            }

            writer.WriteNumber("pctDepth", trace.Bounds.PctDepth);
            writer.WriteEndObject();
            writer.WriteStartArray("strands");
            foreach (var name in trace.Strands)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            if (trace.Host is not null)
            {
                writer.WriteStartObject("host");
                foreach (var entry in trace.Host.OrderBy(entry => entry.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(entry.Key, entry.Value);
                }

                writer.WriteEndObject();
            }

            if (trace.FindingKind is not null)
            {
                writer.WriteStartObject("finding");
                writer.WriteString("kind", trace.FindingKind);
                writer.WriteString("title", trace.FindingTitle);
                writer.WriteEndObject();
            }

            // Only on a shrunk schedule, so other traces keep the file they always had.
            if (trace.Shrunk is { } origin)
            {
                writer.WriteStartObject("shrunk");
                writer.WriteNumber("steps", origin.Steps);
                writer.WriteNumber("preemptions", origin.Preemptions);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("decisions");
            foreach (var decision in trace.Decisions)
            {
                writer.WriteStringValue(DecisionCodec.Encode(decision));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Parses a trace; <paramref name="source"/> names it in error messages.</summary>
    public static Trace FromJson(string json, string source = "trace")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "format") != FormatName)
            {
                throw new TraceException($"{source} is not a pgt trace (no \"format\": \"{FormatName}\")");
            }

            var version = Required(root, "formatVersion").GetInt32();
            if (version != Trace.CurrentFormatVersion)
            {
                throw new TraceException(
                    $"{source} has trace format version {version}; this tool reads version {Trace.CurrentFormatVersion}");
            }

            var bounds = Required(root, "bounds");
            var preemption = Required(bounds, "preemptionBound");
            string? findingKind = null, findingTitle = null;
            if (root.TryGetProperty("finding", out var finding) && finding.ValueKind == JsonValueKind.Object)
            {
                findingKind = Text(finding, "kind");
                findingTitle = Text(finding, "title");
            }

            Dictionary<string, string>? host = null;
            if (root.TryGetProperty("host", out var hostElement) && hostElement.ValueKind == JsonValueKind.Object)
            {
                host = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in hostElement.EnumerateObject())
                {
                    host[property.Name] = StringValue(property.Value);
                }
            }

            ShrinkOrigin? shrunk = null;
            if (root.TryGetProperty("shrunk", out var shrunkElement) && shrunkElement.ValueKind == JsonValueKind.Object)
            {
                shrunk = new ShrinkOrigin(Required(shrunkElement, "steps").GetInt32(), Required(shrunkElement, "preemptions").GetInt32());
            }

            var decisionLines = Required(root, "decisions").EnumerateArray().Select(StringValue).ToList();
            return new Trace(
                version,
                Text(root, "toolVersion"),
                Text(root, "scenario"),
                ParseStrategy(Text(root, "strategy")),
                Text(root, "strategyDescription"),
                Required(root, "seed").GetUInt64(),
                new TraceBounds(
                    Positive(Required(bounds, "maxSteps").GetInt32(), "maxSteps"),
                    preemption.ValueKind == JsonValueKind.Null ? null : preemption.GetInt32(),
                    Required(bounds, "pctDepth").GetInt32()),
                Required(root, "strands").EnumerateArray().Select(StringValue).ToList(),
                DecisionCodec.DecodeAll(decisionLines),
                findingKind,
                findingTitle,
                host)
            {
                Shrunk = shrunk,
            };
        }
        catch (TraceException)
        {
            throw;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new TraceException($"{source} is not a valid trace: {OneLine(exception.Message)}", exception);
        }
    }

    public static string StrategyName(StrategyKind kind) => kind switch
    {
        StrategyKind.Random => "random",
        StrategyKind.Pct => "pct",
        StrategyKind.Dfs => "dfs",
        StrategyKind.Dpor => "dpor",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static StrategyKind ParseStrategy(string name) => name switch
    {
        "random" => StrategyKind.Random,
        "pct" => StrategyKind.Pct,
        "dfs" => StrategyKind.Dfs,
        "dpor" => StrategyKind.Dpor,
        _ => throw new FormatException($"unknown strategy '{name}'"),
    };

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"the property \"{name}\" is missing");

    private static string Text(JsonElement element, string name) => StringValue(Required(element, name));

    private static string StringValue(JsonElement element) =>
        element.GetString() ?? throw new FormatException("a string is null");

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new FormatException($"\"{name}\" must be positive");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do: the target was not touched.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
