namespace Pgt.Benchmarks.Analyzers;

/// <summary>Per-edit times of the editor path, in milliseconds.</summary>
/// <param name="DocumentLines">Lines of the open document.</param>
/// <param name="Edits">Measured edits (after the warm-up ones).</param>
/// <param name="DocumentMs">Edit to the whole document's PgtAnalyzers diagnostics.</param>
/// <param name="MemberMs">Edit to the edited member's PgtAnalyzers diagnostics.</param>
/// <param name="AnalyzerOwnMs">PgtAnalyzers' own time in the whole-document request (telemetry).</param>
/// <param name="CompilerMs">Edit to the compiler's own semantic diagnostics of the document (no analyzer).</param>
/// <param name="Diagnostics">PgtAnalyzers diagnostics in the document after the last edit.</param>
/// <param name="WarmupAnalyzerOwnMs">PgtAnalyzers' own time in the document request during the warm-up edits (JIT still tiering up).</param>
internal sealed record EditorMeasurement(
    int DocumentLines,
    int Edits,
    double[] DocumentMs,
    double[] MemberMs,
    double[] AnalyzerOwnMs,
    double[] CompilerMs,
    int Diagnostics,
    double[] WarmupAnalyzerOwnMs);
