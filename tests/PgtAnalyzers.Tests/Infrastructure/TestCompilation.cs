using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>
/// Compiles sources directly (without the test framework's markup) for tests that inspect diagnostics
/// themselves: blame locations, properties, the valid-code corpus, never-throw.
/// </summary>
internal static class TestCompilation
{
    public static async Task<CSharpCompilation> CreateAsync(IEnumerable<string> sources, bool referenceAnnotations = true)
    {
        var references = (await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).ToList();
        if (referenceAnnotations)
        {
            references.Add(MetadataReference.CreateFromFile(typeof(PgtAnalyzers.Annotations.DeferredFreeAttribute).Assembly.Location));
        }

        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: $"/0/Test{i}.cs"));
        return CSharpCompilation.Create(
            "TestProject",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The analyzers' diagnostics plus every analyzer exception (AD0001), sorted by location.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, IEnumerable<DiagnosticAnalyzer>? analyzers = null)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers((analyzers ?? PgtAnalyzerTest.AllAnalyzers()).ToImmutableArray(), options);
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
        return diagnostics
            .Where(d => d.Id.StartsWith("PGT", System.StringComparison.Ordinal) || d.Id == "AD0001")
            .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The compiler's own errors, to check a snippet compiles before trusting silence.</summary>
    public static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
