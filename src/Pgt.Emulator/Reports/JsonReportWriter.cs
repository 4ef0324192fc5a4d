using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Reports;

/// <summary>
/// Renders a finding as JSON with a fixed property order and a schema version, for tools. Schema
/// <c>pgt-report</c> version 1: kind, title, sections [{heading, lines}], schedule {scenario, strategy,
/// seed, preemptions, step, steps, replay, lastDecisions [{step, strand, name, action, enabled, preemption}]}.
/// </summary>
public static class JsonReportWriter
{
    public const string Schema = "pgt-report";
    public const int SchemaVersion = 1;

    public static string Render(FoundFinding finding, string? tracePath = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Render(finding.Finding, finding.Schedule, tracePath);
    }

    public static string Render(Finding finding, ScheduleSummary schedule, string? tracePath = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(schedule);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Files and pipes, never HTML: keep quotes and non-ASCII readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, finding, schedule, tracePath);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes one report object, for callers that embed reports in a larger document.</summary>
    public static void Write(Utf8JsonWriter writer, Finding finding, ScheduleSummary schedule, string? tracePath)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("kind", finding.Kind);
        writer.WriteString("title", finding.Title);
        writer.WriteStartArray("sections");
        foreach (var section in finding.Sections)
        {
            writer.WriteStartObject();
            writer.WriteString("heading", section.Heading);
            writer.WriteStartArray("lines");
            foreach (var line in section.Lines)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("schedule");
        writer.WriteString("scenario", schedule.Scenario);
        writer.WriteString("strategy", schedule.Strategy);
        writer.WriteNumber("seed", schedule.Seed);
        writer.WriteNumber("preemptions", schedule.Preemptions);
        writer.WriteNumber("step", schedule.Step);
        writer.WriteNumber("steps", schedule.Steps);
        // Only on a shrunk schedule, so other reports keep the document they always had.
        if (schedule.Shrunk is { } origin)
        {
            writer.WriteStartObject("shrunk");
            writer.WriteNumber("steps", origin.Steps);
            writer.WriteNumber("preemptions", origin.Preemptions);
            writer.WriteEndObject();
        }

        if (tracePath is null)
        {
            writer.WriteNull("replay");
        }
        else
        {
            writer.WriteString("replay", TextReportWriter.ReplayHint(tracePath));
        }

        writer.WriteStartArray("lastDecisions");
        foreach (var decision in schedule.LastDecisions)
        {
            writer.WriteStartObject();
            writer.WriteNumber("step", decision.Step);
            writer.WriteNumber("strand", decision.Strand);
            writer.WriteString("name", decision.StrandName);
            writer.WriteString("action", decision.Action);
            writer.WriteStartArray("enabled");
            foreach (var id in decision.Enabled)
            {
                writer.WriteNumberValue(id);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("preemption", decision.Preemption);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
