using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pgt.Cli.Checking;
using Pgt.Cli.Static;
using Pgt.Emulator.Exploration.Traces;
using Pgt.Emulator.Reports;

namespace Pgt.Cli.Output;

/// <summary>
/// The JSON form of a check: one document, schema <c>pgt-check</c> version 1, fixed property order and no
/// wall-clock value, so the same check with the same seed is byte-identical across processes. Findings are
/// embedded as the explorer's <c>pgt-report</c> objects.
/// </summary>
public static class JsonOutput
{
    public const string Schema = "pgt-check";
    public const int SchemaVersion = 1;

    public static string Render(CheckReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Files and pipes, never HTML: keep quotes and non-ASCII readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("schema", Schema);
            writer.WriteNumber("schemaVersion", SchemaVersion);
            WriteOptions(writer, report);
            writer.WriteStartArray("files");
            foreach (var file in report.Files)
            {
                writer.WriteStringValue(file);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("scenarios");
            foreach (var result in report.Scenarios)
            {
                WriteScenario(writer, result, report.Diagnostics is not null);
            }

            writer.WriteEndArray();
            if (report.Diagnostics is { } diagnostics)
            {
                writer.WriteStartArray("diagnostics");
                foreach (var diagnostic in diagnostics)
                {
                    WriteDiagnostic(writer, diagnostic);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull("diagnostics");
            }

            // Only when something was skipped: a run without skips keeps the document it always had.
            if (report.Skipped is { Count: > 0 } skipped)
            {
                WriteSkipped(writer, skipped);
            }

            writer.WriteStartObject("summary");
            writer.WriteNumber("scenarios", report.Scenarios.Count);
            writer.WriteNumber("ok", report.Scenarios.Count - report.Mismatches);
            writer.WriteNumber("mismatches", report.Mismatches);
            WriteNullableString(writer, "stopped", report.Stopped);
            writer.WriteNumber("exitCode", report.ExitCode);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteOptions(Utf8JsonWriter writer, CheckReport report)
    {
        var options = report.Options;
        writer.WriteStartObject("options");
        writer.WriteString("strategy", TraceFile.StrategyName(options.Strategy));
        writer.WriteNumber("seed", options.Seed);
        writer.WriteNumber("iterations", options.Iterations);
        writer.WriteNumber("maxSteps", options.MaxSteps);
        if (options.PreemptionBound is { } bound)
        {
            writer.WriteNumber("preemptionBound", bound);
        }
        else
        {
            writer.WriteNull("preemptionBound");
        }

        writer.WriteNumber("pctDepth", options.PctDepth);
        writer.WriteNumber("workers", options.Workers);
        // Only in a shard's document: a whole run keeps the document it always had.
        if (options.Shard is { } shard)
        {
            writer.WriteString("shard", shard.ToString());
        }

        if (!options.Shrink)
        {
            writer.WriteBoolean("shrink", false);
        }

        writer.WriteBoolean("static", options.RunStatic);
        writer.WriteBoolean("dynamic", options.RunDynamic);
        writer.WriteEndObject();
    }

    private static void WriteScenario(Utf8JsonWriter writer, ScenarioResult result, bool staticRan)
    {
        var scenario = result.Scenario;
        writer.WriteStartObject();
        writer.WriteString("name", scenario.Name);
        writer.WriteString("description", scenario.Description);
        writer.WriteString("file", scenario.File.DisplayPath);
        writer.WriteNumber("line", scenario.Line);
        writer.WriteStartObject("expected");
        WriteNullableString(writer, "finding", scenario.Expected.Finding);
        WriteStrings(writer, "rules", scenario.Expected.Rules);
        writer.WriteEndObject();
        if (staticRan && result.StaticRules is not null)
        {
            writer.WriteStartObject("static");
            WriteStrings(writer, "rules", result.StaticRules);
            if (result.StaticSkipped is { Count: > 0 } skipped)
            {
                WriteSkipped(writer, skipped);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("static");
        }

        WriteDynamic(writer, result.Dynamic);
        writer.WriteBoolean("match", result.Matches);
        WriteStrings(writer, "mismatches", result.Mismatches);
        writer.WriteEndObject();
    }

    private static void WriteDynamic(Utf8JsonWriter writer, DynamicResult dynamic)
    {
        writer.WriteStartObject("dynamic");
        writer.WriteString("status", JsonNamingPolicy.CamelCase.ConvertName(dynamic.Status.ToString()));
        if (dynamic.Exploration is { } exploration)
        {
            writer.WriteString("strategy", exploration.Strategy);
            writer.WriteNumber("executions", exploration.Executions);
            writer.WriteBoolean("exhausted", exploration.Exhausted);
            writer.WriteString("stoppedBy", JsonNamingPolicy.CamelCase.ConvertName(exploration.StoppedBy.ToString()));
            if (exploration.Shard is not null)
            {
                WriteShardPart(writer, exploration);
            }
        }

        WriteNullableString(writer, "trace", dynamic.TracePath);
        if (dynamic.Finding is { } found)
        {
            writer.WriteNumber("findingExecution", found.Execution);
            writer.WriteNumber("findingWorker", found.Worker);
            writer.WritePropertyName("finding");
            JsonReportWriter.Write(writer, found.Finding, found.Schedule, dynamic.TracePath);
        }
        else
        {
            writer.WriteNull("finding");
        }

        writer.WriteEndObject();
    }

    /// <summary>What <c>pgt merge</c> needs beyond the verdict: executions per unit of the split, and the finding's unit.</summary>
    private static void WriteShardPart(Utf8JsonWriter writer, Emulator.Exploration.ExplorationResult exploration)
    {
        writer.WriteStartArray("units");
        foreach (var unit in exploration.Units)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(unit.Unit);
            writer.WriteNumberValue(unit.Executions);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteNumber("findingUnit", exploration.FirstFinding?.Unit ?? -1);
    }

    private static void WriteDiagnostic(Utf8JsonWriter writer, StaticDiagnostic diagnostic)
    {
        writer.WriteStartObject();
        writer.WriteString("id", diagnostic.Id);
        writer.WriteString("severity", diagnostic.Severity);
        writer.WriteString("message", diagnostic.Message);
        WritePosition(writer, "location", diagnostic.Position);
        writer.WriteStartArray("related");
        foreach (var related in diagnostic.Related)
        {
            WritePosition(writer, null, related);
        }

        writer.WriteEndArray();
        WriteNullableString(writer, "contextType", diagnostic.ContextType);
        writer.WriteEndObject();
    }

    /// <summary><c>"skipped": [{ "member", "reason", "bodies", "rules", "location" }]</c>; reason is <c>overBudget</c> or <c>analyzerError</c>.</summary>
    private static void WriteSkipped(Utf8JsonWriter writer, IReadOnlyList<SkippedBodies> skipped)
    {
        writer.WriteStartArray("skipped");
        foreach (var entry in skipped)
        {
            writer.WriteStartObject();
            writer.WriteString("member", entry.Member);
            writer.WriteString("reason", entry.Reason == SkippedBodies.AnalyzerError ? "analyzerError" : "overBudget");
            writer.WriteNumber("bodies", entry.Bodies);
            WriteStrings(writer, "rules", entry.Rules);
            WritePosition(writer, "location", entry.Position);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, string? name, SourcePosition position)
    {
        if (name is null)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject(name);
        }

        writer.WriteString("file", position.Path);
        writer.WriteNumber("line", position.Line);
        writer.WriteNumber("column", position.Column);
        writer.WriteNumber("endLine", position.EndLine);
        writer.WriteNumber("endColumn", position.EndColumn);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
