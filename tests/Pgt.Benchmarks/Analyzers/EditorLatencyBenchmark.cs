using Pgt.Benchmarks.Measurement;
using Pgt.Benchmarks.Report;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>The editor-latency table, measured in a child process (<see cref="EditorLatencyBench"/>).</summary>
internal static class EditorLatencyBenchmark
{
    public const string Section = "editor";

    public static void Run(BenchOptions options, BenchReport report)
    {
        var result = ChildProcess.Run<EditorMeasurement>([
            "editor",
            BenchmarkProgram.Invariant(BenchOptions.CorpusSeed),
            BenchmarkProgram.Invariant(options.EditorDocumentLines),
            BenchmarkProgram.Invariant(options.EditorProjectLines),
            BenchmarkProgram.Invariant(options.EditorWarmupEdits),
            BenchmarkProgram.Invariant(options.EditorEdits),
        ]);
        var table = new ReportTable(
            $"Editor latency: one {Format.Count(result.DocumentLines)}-line annotated document in a {Format.Count(options.EditorProjectLines)}-line project, {result.Edits} edits",
            "request after an edit", "median", "p95");
        table.Add("document's PgtAnalyzers diagnostics (edit -> diagnostics)", Format.Ms(Stats.Median(result.DocumentMs)), Format.Ms(Stats.Percentile(result.DocumentMs, 95)));
        table.Add("edited member's PgtAnalyzers diagnostics (span request)", Format.Ms(Stats.Median(result.MemberMs)), Format.Ms(Stats.Percentile(result.MemberMs, 95)));
        table.Add("PgtAnalyzers' own time in the document request (telemetry)", Format.Ms(Stats.Median(result.AnalyzerOwnMs)), Format.Ms(Stats.Percentile(result.AnalyzerOwnMs, 95)));
        table.Add($"PgtAnalyzers' own time in the document request, during the {result.WarmupAnalyzerOwnMs.Length} warm-up edits (JIT tiering up)", Format.Ms(Stats.Median(result.WarmupAnalyzerOwnMs)), Format.Ms(Stats.Percentile(result.WarmupAnalyzerOwnMs, 95)));
        table.Add("baseline: compiler's semantic diagnostics of the document, no analyzer", Format.Ms(Stats.Median(result.CompilerMs)), Format.Ms(Stats.Percentile(result.CompilerMs, 95)));
        table.Notes.Add("Each edit: Document.WithText, GetCompilationAsync, GetSemanticModelAsync, then CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, span) with the document (span null) or the edited member's span.");
        table.Notes.Add($"Measured after {result.WarmupAnalyzerOwnMs.Length} warm-up edits; a full garbage collection before each edit, outside the timed region (as BenchmarkDotNet does between iterations).");
        table.Notes.Add($"The document holds {result.Diagnostics} PgtAnalyzers diagnostics after the last edit (its generated bugs).");
        report.Add(table);

        // Roslyn's IDE re-analyses only the edited member after a typing edit; the whole-document request is
        // checked too, though the compiler's own binding of the document (the baseline row) is above the target by itself.
        var member = Stats.Median(result.MemberMs);
        report.Check("Editor latency, edited member (median)", Format.Ms(member), "<= 20 ms", member <= 20);
        var document = Stats.Median(result.DocumentMs);
        report.Check("Editor latency, whole document (median)", Format.Ms(document), "<= 20 ms", document <= 20);
        var own = Stats.Median(result.AnalyzerOwnMs);
        report.Check("PgtAnalyzers' own time in the document request (median)", Format.Ms(own), "<= 20 ms", own <= 20);
    }
}
