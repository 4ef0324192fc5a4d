using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>One configuration the corpus is compiled with.</summary>
/// <param name="Key">Short name used on the command line and in child processes.</param>
/// <param name="Title">The row label.</param>
/// <param name="Analyzers">Empty for the plain compile.</param>
/// <param name="DiagnosticOptions">Severity overrides, as an .editorconfig would set them.</param>
internal sealed record AnalyzerSet(
    string Key,
    string Title,
    ImmutableArray<DiagnosticAnalyzer> Analyzers,
    ImmutableDictionary<string, ReportDiagnostic> DiagnosticOptions);
