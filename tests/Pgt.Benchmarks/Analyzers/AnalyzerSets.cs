using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>The four configurations of the analyzer-cost table.</summary>
internal static class AnalyzerSets
{
    public const string Plain = "plain";
    public const string Pgt = "pgt";
    public const string Ca2000 = "ca2000";
    public const string IDisposable = "idisposable";

    public static readonly IReadOnlyList<string> Keys = [Plain, Pgt, Ca2000, IDisposable];

    /// <summary>The row label of a set, without loading its analyzers.</summary>
    public static string Title(string key) => key switch
    {
        Plain => "(i) no analyzers",
        Pgt => "(ii) PgtAnalyzers",
        Ca2000 => "(iii) CA2000 only (NetAnalyzers 10.0.401)",
        IDisposable => "(iv) IDisposableAnalyzers 4.0.8",
        _ => key,
    };

    public static AnalyzerSet Create(string key) => key switch
    {
        Plain => new AnalyzerSet(Plain, Title(Plain), ImmutableArray<DiagnosticAnalyzer>.Empty, ImmutableDictionary<string, ReportDiagnostic>.Empty),
        Pgt => new AnalyzerSet(Pgt, Title(Pgt), AnalyzerCatalog.CreateAll(), ImmutableDictionary<string, ReportDiagnostic>.Empty),
        Ca2000 => Ca2000Only(),
        IDisposable => new AnalyzerSet(IDisposable, Title(IDisposable), Peer("idisposableanalyzers").ToImmutableArray(), ImmutableDictionary<string, ReportDiagnostic>.Empty),
        _ => throw new ArgumentException($"unknown analyzer set '{key}' (known: {string.Join(", ", Keys)})"),
    };

    /// <summary>
    /// The NetAnalyzers analyzer that owns CA2000, with CA2000 raised to a warning (it is off by default)
    /// and every other rule of that analyzer off: the cost of CA2000 alone.
    /// </summary>
    private static AnalyzerSet Ca2000Only()
    {
        var owners = Peer("netanalyzers")
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => d.Id == "CA2000"))
            .ToImmutableArray();
        if (owners.IsEmpty)
        {
            throw new InvalidOperationException("no NetAnalyzers analyzer supports CA2000");
        }

        var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
        foreach (var descriptor in owners.SelectMany(analyzer => analyzer.SupportedDiagnostics))
        {
            options[descriptor.Id] = descriptor.Id == "CA2000" ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress;
        }

        return new AnalyzerSet(Ca2000, Title(Ca2000), owners, options.ToImmutable());
    }

    private static IReadOnlyList<DiagnosticAnalyzer> Peer(string folder) =>
        new PeerAnalyzerLoader(Path.Combine(AppContext.BaseDirectory, "peers", folder)).LoadAll();
}
