using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Rules;

namespace PgtAnalyzers;

/// <summary>Every rule of the package, for hosts that run the analyzers in-process (<c>pgt check</c>, tests).</summary>
public static class AnalyzerCatalog
{
    /// <summary>New instances of all analyzers, in rule order (PGT001, PGT002, PGT003, PGT004).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAll() =>
        ImmutableArray.Create<DiagnosticAnalyzer>(
            new WriteAfterDeferredFreeAnalyzer(),
            new UnionOverlayConflictAnalyzer(),
            new MissingMmAnalyzer(),
            new DoubleDeferredFreeAnalyzer());
}
