using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgt.Cli.Compilation;
using PgtAnalyzers;

namespace Pgt.Cli.Static;

/// <summary>Runs every PGT analyzer over a compiled unit, in-process, and keeps the PGT diagnostics.</summary>
public static class AnalyzerRunner
{
    /// <summary>Every analyzer of the PgtAnalyzers assembly, in name order.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() =>
        typeof(RuleIds).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

    /// <summary>Every rule the analyzers can report, by ID.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> SupportedRules() =>
        CreateAnalyzers()
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .GroupBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .Select(group => group.First())
            .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The PGT diagnostics of <paramref name="unit"/>, sorted by file, position and ID.</summary>
    /// <param name="unit">The compiled files.</param>
    /// <param name="warnings">Receives one line per analyzer that threw (AD0001).</param>
    /// <param name="cancellation">Stops the analysis.</param>
    public static IReadOnlyList<(Diagnostic Diagnostic, StaticDiagnostic Static)> Run(
        CodeUnit unit, ICollection<string> warnings, CancellationToken cancellation)
    {
        var analyzers = CreateAnalyzers();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = unit.Compilation.WithAnalyzers(analyzers, options);
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult();
        var result = new List<(Diagnostic, StaticDiagnostic)>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id == "AD0001")
            {
                warnings.Add($"an analyzer failed: {diagnostic.GetMessage(CultureInfo.InvariantCulture).ReplaceLineEndings(" ")}");
                continue;
            }

            if (!diagnostic.Id.StartsWith("PGT", StringComparison.Ordinal) || unit.FileOf(diagnostic.Location.SourceTree) is null)
            {
                continue;
            }

            result.Add((diagnostic, Convert(unit, diagnostic, contextType: null)));
        }

        return result
            .OrderBy(entry => entry.Item2.Position.Path, StringComparer.Ordinal)
            .ThenBy(entry => entry.Item2.Position.Line)
            .ThenBy(entry => entry.Item2.Position.Column)
            .ThenBy(entry => entry.Item2.Id, StringComparer.Ordinal)
            .ThenBy(entry => entry.Item2.Message, StringComparer.Ordinal)
            .ToList();
    }

    public static StaticDiagnostic Convert(CodeUnit unit, Diagnostic diagnostic, string? contextType) =>
        new(
            diagnostic.Id,
            diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning",
            diagnostic.GetMessage(CultureInfo.InvariantCulture).ReplaceLineEndings(" "),
            Position(unit, diagnostic.Location),
            diagnostic.AdditionalLocations.Where(location => location.IsInSource).Select(location => Position(unit, location)).ToList(),
            contextType is not null,
            contextType);

    private static SourcePosition Position(CodeUnit unit, Location location)
    {
        var span = location.GetLineSpan();
        return new SourcePosition(
            unit.DisplayPathOf(location),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1);
    }
}
