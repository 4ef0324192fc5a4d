using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgt.Emulator.Kernel;
using PgtAnalyzers;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Tests.Support;

/// <summary>One diagnostic of the analyzers on a port source: the file (relative to src/Pgt.S390), line and rule.</summary>
internal sealed record PortDiagnostic(string File, int Line, string Id, string Message);

/// <summary>
/// Compiles the port's sources (copied next to the tests) as the Pgt.S390 project does, against the
/// emulator and the annotations, and runs every PGT analyzer over them with the analyzers' Roslyn.
/// </summary>
internal static class PortAnalysis
{
    /// <summary>The global usings of ImplicitUsings=enable for a class library.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Lazy<Result> Cached = new(Run);

    public static string SourceRoot => Path.Combine(AppContext.BaseDirectory, "PortSources");

    /// <summary>The port's files, relative to src/Pgt.S390, with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> Files => Cached.Value.Files;

    /// <summary>The compiler's errors (there must be none, or the analyzers' silence means nothing).</summary>
    public static IReadOnlyList<Diagnostic> CompilerErrors => Cached.Value.Errors;

    /// <summary>Every PGT diagnostic and analyzer failure (AD0001), by file and line.</summary>
    public static IReadOnlyList<PortDiagnostic> Diagnostics => Cached.Value.Diagnostics;

    /// <summary>The 1-based line of the only line of <paramref name="file"/> containing <paramref name="anchor"/>.</summary>
    public static int LineOf(string file, string anchor)
    {
        var lines = File.ReadAllLines(Path.Combine(SourceRoot, file));
        var hits = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(anchor, StringComparison.Ordinal)).ToList();
        if (hits.Count != 1)
        {
            throw new InvalidOperationException($"{file}: anchor '{anchor}' is on {hits.Count} lines, not exactly one");
        }

        return hits[0] + 1;
    }

    private static Result Run()
    {
        var files = Directory.GetFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(SourceRoot, path).Replace('\\', '/'))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(SourceRoot, file)), options, path: file))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "GlobalUsings.g.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "Pgt.S390",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var analysis = compilation.WithAnalyzers(
            AnalyzerCatalog.CreateAll(),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null,
                concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = analysis.GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Id.StartsWith("PGT", StringComparison.Ordinal) || d.Id == "AD0001")
            .Select(d => new PortDiagnostic(
                d.Location.SourceTree?.FilePath ?? "",
                d.Location.GetLineSpan().StartLinePosition.Line + 1,
                d.Id,
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        return new Result(files, errors, diagnostics);
    }

    private static IEnumerable<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll");
        return platform
            .Append(typeof(Machine).Assembly.Location)
            .Append(typeof(DeferredFreeAttribute).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
    }

    private sealed record Result(IReadOnlyList<string> Files, IReadOnlyList<Diagnostic> Errors, IReadOnlyList<PortDiagnostic> Diagnostics);
}
