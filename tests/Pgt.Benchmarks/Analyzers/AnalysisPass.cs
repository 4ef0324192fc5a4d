namespace Pgt.Benchmarks.Analyzers;

/// <summary>One analyzer pass over the corpus.</summary>
/// <param name="Wall">Wall time of <c>GetAnalyzerDiagnosticsAsync</c> on a fresh compilation (binding included).</param>
/// <param name="AnalyzerTime">The analyzers' own execution time (Roslyn telemetry, summed over the set's analyzers).</param>
/// <param name="Diagnostics">Diagnostics reported.</param>
/// <param name="Crashes">Analyzer exceptions (AD0001).</param>
/// <param name="ById">Diagnostics per rule ID.</param>
/// <param name="ByAnalyzer">Milliseconds per analyzer type (telemetry).</param>
/// <param name="AllocatedBytes">Bytes allocated by the process during the pass (binding included): unlike times, not moved by the machine's load.</param>
internal sealed record AnalysisPass(
    TimeSpan Wall, TimeSpan AnalyzerTime, int Diagnostics, int Crashes, IReadOnlyDictionary<string, int> ById, IReadOnlyDictionary<string, double> ByAnalyzer, long AllocatedBytes);
