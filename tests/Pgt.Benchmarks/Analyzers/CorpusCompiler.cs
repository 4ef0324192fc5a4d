using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgt.Benchmarks.Corpus;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>
/// Compiles a corpus the way a build does, on one thread (<c>concurrentBuild: false</c>,
/// <c>concurrentAnalysis: false</c>) so that compile and analyzer times are the same kind of figure and
/// other processes on the machine disturb them less.
/// </summary>
internal sealed class CorpusCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private readonly ImmutableArray<MetadataReference> _references = ReferenceSet.Load();

    public static ImmutableArray<SyntaxTree> Parse(IEnumerable<CorpusFile> files) =>
        files.Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, path: "/corpus/" + file.Name)).ToImmutableArray();

    public CSharpCompilation Create(ImmutableArray<SyntaxTree> trees, AnalyzerSet set) =>
        CSharpCompilation.Create(
            "Corpus",
            trees,
            _references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                concurrentBuild: false,
                specificDiagnosticOptions: set.DiagnosticOptions));

    /// <summary>(i): parse and emit, as csc does without analyzers. Returns the time and the compiler's errors.</summary>
    public (TimeSpan Elapsed, int Errors, string? FirstError) CompilePlain(IReadOnlyList<CorpusFile> files)
    {
        var stopwatch = Stopwatch.StartNew();
        var compilation = Create(Parse(files), AnalyzerSets.Create(AnalyzerSets.Plain));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        stopwatch.Stop();
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return (stopwatch.Elapsed, errors.Count, errors.FirstOrDefault()?.ToString());
    }

    /// <summary>
    /// One analyzer pass over a fresh compilation of already parsed <paramref name="trees"/>: the wall time
    /// (which includes the binding the analyzers force) and the analyzers' own time from Roslyn's telemetry.
    /// </summary>
    public AnalysisPass Analyze(ImmutableArray<SyntaxTree> trees, AnalyzerSet set)
    {
        var compilation = Create(trees, set);
        var crashes = 0;
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (_, _, _) => Interlocked.Increment(ref crashes),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(set.Analyzers, options);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var analyzerTime = TimeSpan.Zero;
        var byAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var analyzer in set.Analyzers)
        {
            var time = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            analyzerTime += time;
            var name = analyzer.GetType().Name;
            byAnalyzer[name] = byAnalyzer.GetValueOrDefault(name) + time.TotalMilliseconds;
        }

        var byId = diagnostics
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new AnalysisPass(stopwatch.Elapsed, analyzerTime, diagnostics.Length, crashes, byId, byAnalyzer, allocated);
    }
}
