using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Pgt.Cli.Checking;
using Pgt.Cli.Static;
using Pgt.Emulator.Exploration.Traces;
using Pgt.Emulator.Reports;

namespace Pgt.Cli.Output;

/// <summary>
/// The SARIF 2.1.0 form of a check, for code-scanning tools: one run of the tool <c>pgt</c> whose rules are
/// the PGT rules (with their help links) and one rule per dynamic finding kind that occurred
/// (<c>EMU-&lt;kind&gt;</c>). Static diagnostics are results at their own place with the earlier call as a
/// related location; a dynamic finding is a result at the scenario method's declaration, with the
/// checked-file places its report mentions as related locations and the full report in its properties.
/// Paths are relative to the working folder (<c>uriBaseId</c> SRCROOT). No wall-clock value.
/// </summary>
public static partial class SarifOutput
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string DynamicRulePrefix = "EMU-";
    public const string SourceRoot = "SRCROOT";
    private const int MaxRelated = 10;

    public static string Render(CheckReport report, IReadOnlyList<DiagnosticDescriptor> staticRules, IReadOnlyCollection<string> knownFiles)
    {
        var dynamicKinds = report.Scenarios
            .Select(result => result.Dynamic.Finding?.Finding.Kind)
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in staticRules)
        {
            ruleIndex[rule.Id] = ruleIndex.Count;
        }

        foreach (var kind in dynamicKinds)
        {
            ruleIndex[DynamicRulePrefix + kind] = ruleIndex.Count;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            WriteTool(writer, staticRules, dynamicKinds);
            writer.WriteStartArray("invocations");
            writer.WriteStartObject();
            writer.WriteBoolean("executionSuccessful", report.Stopped is null);
            writer.WriteNumber("exitCode", report.ExitCode);
            WriteSkipped(writer, report.Skipped ?? []);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray("results");
            foreach (var diagnostic in report.Diagnostics ?? [])
            {
                WriteStaticResult(writer, diagnostic, ruleIndex, ExpectedBy(report, diagnostic));
            }

            foreach (var result in report.Scenarios.Where(result => result.Dynamic.Finding is not null))
            {
                WriteDynamicResult(writer, result, ruleIndex, knownFiles);
            }

            writer.WriteEndArray();
            writer.WriteString("columnKind", "utf16CodeUnits");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteTool(Utf8JsonWriter writer, IReadOnlyList<DiagnosticDescriptor> staticRules, IReadOnlyList<string> dynamicKinds)
    {
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "pgt");
        writer.WriteString("version", TraceFile.ToolVersion);
        writer.WriteString("informationUri", PgtAnalyzers.HelpLinks.DocsBaseUrl);
        writer.WriteStartArray("rules");
        foreach (var rule in staticRules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("name", RuleName(rule.Title.ToString(CultureInfo.InvariantCulture)));
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            var description = rule.Description.ToString(CultureInfo.InvariantCulture);
            if (description.Length > 0)
            {
                writer.WriteStartObject("fullDescription");
                writer.WriteString("text", description);
                writer.WriteEndObject();
            }

            if (!string.IsNullOrEmpty(rule.HelpLinkUri))
            {
                writer.WriteString("helpUri", rule.HelpLinkUri);
            }

            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("category", rule.Category);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        foreach (var kind in dynamicKinds)
        {
            writer.WriteStartObject();
            writer.WriteString("id", DynamicRulePrefix + kind);
            writer.WriteString("name", RuleName(kind));
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", $"Emulated kernel finding: {kind}");
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", $"The explorer found an interleaving of the scenario in which the emulated kernel reports {kind}. The result's properties hold the full report and the replay command.");
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", "error");
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("category", "Dynamic");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The scenarios that a static diagnostic counts for, when every one of them declares its rule (then it
    /// is expected); empty when it counts for none, or for one that does not declare it (a mismatch).
    /// </summary>
    private static List<ScenarioDeclaration> ExpectedBy(CheckReport report, StaticDiagnostic diagnostic)
    {
        var chargedTo = report.Scenarios
            .Where(result => result.StaticDiagnostics?.Any(charged => ReferenceEquals(charged, diagnostic)) == true)
            .Select(result => result.Scenario)
            .ToList();
        return chargedTo.All(scenario => scenario.Expected.Rules.Contains(diagnostic.Id, StringComparer.Ordinal)) ? chargedTo : [];
    }

    /// <summary>
    /// Marks a result a scenario declares as suppressed in source: its <c>[Scenario]</c> attribute says
    /// the finding is the point of the sample, so viewers need not show it as a failure. The location is the
    /// scenario method the attribute is on.
    /// </summary>
    private static void WriteExpectedSuppression(Utf8JsonWriter writer, IReadOnlyList<ScenarioDeclaration> scenarios, string declared)
    {
        if (scenarios.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("suppressions");
        foreach (var scenario in scenarios)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "inSource");
            writer.WriteString("status", "accepted");
            writer.WriteString("justification", Invariant(
                $"expected: the [Scenario] declaration of {scenario.Name} ({scenario.File.DisplayPath}:{scenario.Line}) declares {declared}"));
            writer.WriteStartObject("location");
            WritePhysical(writer, scenario.File.DisplayPath, MethodName(scenario));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The members whose bodies the analyzers skipped, as tool notifications of the invocation.</summary>
    private static void WriteSkipped(Utf8JsonWriter writer, IReadOnlyList<SkippedBodies> skipped)
    {
        if (skipped.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("toolExecutionNotifications");
        foreach (var entry in skipped)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("descriptor");
            writer.WriteString("id", entry.Reason == SkippedBodies.AnalyzerError ? "PGT-SKIPPED-ERROR" : "PGT-SKIPPED-BUDGET");
            writer.WriteEndObject();
            writer.WriteString("level", "warning");
            WriteMessage(writer, $"{entry.Member}: {entry.Describe()}; {string.Join(",", entry.Rules)} did not analyse it, so its static verdict does not cover it");
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            WritePhysical(writer, entry.Position.Path, entry.Position);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("properties");
            writer.WriteString("member", entry.Member);
            writer.WriteString("reason", entry.Reason);
            writer.WriteNumber("bodies", entry.Bodies);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static SourcePosition MethodName(ScenarioDeclaration scenario) =>
        new(scenario.File.DisplayPath, scenario.Line, scenario.Column, scenario.Line, scenario.Column + scenario.MethodName.Length);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void WriteStaticResult(Utf8JsonWriter writer, StaticDiagnostic diagnostic, Dictionary<string, int> ruleIndex, IReadOnlyList<ScenarioDeclaration> expectedBy)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", diagnostic.Id);
        if (ruleIndex.TryGetValue(diagnostic.Id, out var index))
        {
            writer.WriteNumber("ruleIndex", index);
        }

        writer.WriteString("level", diagnostic.Severity);
        WriteMessage(writer, diagnostic.Message);
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        WritePhysical(writer, diagnostic.Position.Path, diagnostic.Position);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (diagnostic.Related.Count > 0)
        {
            writer.WriteStartArray("relatedLocations");
            var id = 0;
            foreach (var related in diagnostic.Related)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", id++);
                WritePhysical(writer, related.Path, related);
                WriteMessage(writer, "the earlier call that made this use illegal");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteExpectedSuppression(writer, expectedBy, $"ExpectRules {diagnostic.Id}");

        if (diagnostic.ContextType is not null)
        {
            writer.WriteStartObject("properties");
            writer.WriteString("contextType", diagnostic.ContextType);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteDynamicResult(Utf8JsonWriter writer, ScenarioResult result, Dictionary<string, int> ruleIndex, IReadOnlyCollection<string> knownFiles)
    {
        var found = result.Dynamic.Finding!;
        var ruleId = DynamicRulePrefix + found.Finding.Kind;
        var scenario = result.Scenario;
        writer.WriteStartObject();
        writer.WriteString("ruleId", ruleId);
        writer.WriteNumber("ruleIndex", ruleIndex[ruleId]);
        writer.WriteString("level", "error");
        WriteMessage(writer, $"{found.Finding.Title} (scenario {scenario.Name})");
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        WritePhysical(writer, scenario.File.DisplayPath, MethodName(scenario));
        writer.WriteEndObject();
        writer.WriteEndArray();
        var related = RelatedPlaces(found.Finding, knownFiles);
        if (related.Count > 0)
        {
            writer.WriteStartArray("relatedLocations");
            for (var i = 0; i < related.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", i);
                WritePhysical(writer, related[i].Path, new SourcePosition(related[i].Path, related[i].Line, 1, related[i].Line, 1), region: related[i].Line);
                WriteMessage(writer, related[i].Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var expected = scenario.Expected.Finding == found.Finding.Kind;
        WriteExpectedSuppression(writer, expected ? [scenario] : [], $"ExpectFinding = \"{found.Finding.Kind}\"");
        writer.WriteStartObject("properties");
        writer.WriteString("scenario", scenario.Name);
        writer.WriteBoolean("expected", expected);
        if (result.Dynamic.TracePath is { } trace)
        {
            writer.WriteString("replay", TextReportWriter.ReplayHint(trace));
        }

        writer.WriteString("report", TextReportWriter.Render(found, result.Dynamic.TracePath));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Places in checked or context files that the report's sections name as <c>file.cs:line</c>.</summary>
    private static List<(string Path, int Line, string Text)> RelatedPlaces(Emulator.Exploration.Finding finding, IReadOnlyCollection<string> knownFiles)
    {
        var byName = knownFiles
            .GroupBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.Single(), StringComparer.Ordinal);
        var places = new List<(string, int, string)>();
        var seen = new HashSet<(string, int)>();
        foreach (var section in finding.Sections)
        {
            foreach (var line in section.Lines)
            {
                foreach (Match match in FileLine().Matches(line))
                {
                    if (byName.TryGetValue(Path.GetFileName(match.Groups[1].Value), out var path)
                        && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                        && number > 0
                        && seen.Add((path, number)))
                    {
                        var heading = section.Heading.Length > 0 ? section.Heading.TrimEnd(':') + ": " : "";
                        places.Add((path, number, heading + line.Trim()));
                        if (places.Count == MaxRelated)
                        {
                            return places;
                        }
                    }
                }
            }
        }

        return places;
    }

    private static void WritePhysical(Utf8JsonWriter writer, string path, SourcePosition position, int? region = null)
    {
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        if (Path.IsPathRooted(path))
        {
            writer.WriteString("uri", new Uri(path).AbsoluteUri);
        }
        else
        {
            writer.WriteString("uri", string.Join('/', path.Split('/').Select(Uri.EscapeDataString)));
            writer.WriteString("uriBaseId", SourceRoot);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("region");
        if (region is { } onlyLine)
        {
            writer.WriteNumber("startLine", onlyLine);
        }
        else
        {
            writer.WriteNumber("startLine", position.Line);
            writer.WriteNumber("startColumn", position.Column);
            writer.WriteNumber("endLine", position.EndLine);
            writer.WriteNumber("endColumn", position.EndColumn);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject("message");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary><c>Write after deferred free</c> or <c>reuse-before-grace-period</c> → <c>WriteAfterDeferredFree</c>.</summary>
    private static string RuleName(string text)
    {
        var name = new StringBuilder();
        foreach (var word in text.Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string(word.Where(char.IsAsciiLetterOrDigit).ToArray());
            if (letters.Length > 0)
            {
                name.Append(char.ToUpperInvariant(letters[0])).Append(letters[1..]);
            }
        }

        return name.Length > 0 ? name.ToString() : "Rule";
    }

    [GeneratedRegex(@"([\w./\\-]+\.cs):(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FileLine();
}
