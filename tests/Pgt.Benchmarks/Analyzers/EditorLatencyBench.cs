using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Pgt.Benchmarks.Corpus;
using PgtAnalyzers;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>
/// The per-document path an editor takes after each keystroke burst: apply a text edit to one open
/// document of a workspace project, get the new compilation and semantic model, then ask
/// <c>GetAnalyzerSemanticDiagnosticsAsync(model, span)</c> for the whole document and for the edited
/// member. The compiler's own semantic diagnostics of the document are timed too, as the baseline the
/// editor pays with no analyzer at all.
/// </summary>
internal static class EditorLatencyBench
{
    // An entry store, as generated or as an earlier edit left it: every edit finds one again.
    private static readonly Regex EditTarget = new(@"= PteNone( \| \dUL)?;", RegexOptions.CultureInvariant);

    public static EditorMeasurement Measure(int seed, int documentLines, int projectLines, int warmupEdits, int edits)
    {
        var generator = new CorpusGenerator(seed);
        var open = generator.GenerateDocument("Editor.cs", documentLines);
        using var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("Editor", "Editor", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .WithMetadataReferences(ReferenceSet.Load());
        foreach (var file in new CorpusGenerator(seed + 1).Generate(projectLines))
        {
            project = project.AddDocument(file.Name, SourceText.From(file.Text)).Project;
        }

        var document = project.AddDocument(open.Name, SourceText.From(open.Text));
        var analyzers = AnalyzerCatalog.CreateAll();
        var documentWall = new List<double>();
        var memberWall = new List<double>();
        var analyzerOwn = new List<double>();
        var compilerOnly = new List<double>();
        var diagnostics = 0;
        var warmupOwn = new List<double>();
        for (var edit = 0; edit < warmupEdits + edits; edit++)
        {
            // The previous edits' garbage (whole compilations) is collected before the clock starts, as
            // BenchmarkDotNet does between iterations: a collection of it is not this edit's cost.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var text = document.GetTextAsync().GetAwaiter().GetResult();
            var (change, member) = NextEdit(text, edit);
            var stopwatch = Stopwatch.StartNew();
            document = document.WithText(text.WithChanges(change));
            var compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
            var model = document.GetSemanticModelAsync().GetAwaiter().GetResult()!;
            var ready = stopwatch.Elapsed;

            var compilerDiagnostics = model.GetDiagnostics();
            var compiled = stopwatch.Elapsed;

            var whole = compilation.WithAnalyzers(analyzers, Options());
            var found = whole.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).GetAwaiter().GetResult();
            var analysed = stopwatch.Elapsed;
            var own = TimeSpan.Zero;
            foreach (var analyzer in analyzers)
            {
                own += whole.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            }

            var memberSpan = MemberSpan(model.SyntaxTree, member);
            var partial = compilation.WithAnalyzers(analyzers, Options());
            var spanStart = stopwatch.Elapsed;
            _ = partial.GetAnalyzerSemanticDiagnosticsAsync(model, memberSpan, CancellationToken.None).GetAwaiter().GetResult();
            var spanDone = stopwatch.Elapsed;

            if (compilerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new InvalidOperationException($"the edited document does not compile: {compilerDiagnostics.First(d => d.Severity == DiagnosticSeverity.Error)}");
            }

            if (edit < warmupEdits)
            {
                warmupOwn.Add(own.TotalMilliseconds);
                continue;
            }

            // The editor's latency for the document: from the edit to its analyzer diagnostics.
            documentWall.Add((ready + (analysed - compiled)).TotalMilliseconds);
            memberWall.Add((ready + (spanDone - spanStart)).TotalMilliseconds);
            analyzerOwn.Add(own.TotalMilliseconds);
            compilerOnly.Add(compiled.TotalMilliseconds);
            diagnostics = found.Length;
        }

        return new EditorMeasurement(CountLines(open.Text), edits, documentWall.ToArray(), memberWall.ToArray(), analyzerOwn.ToArray(), compilerOnly.ToArray(), diagnostics, warmupOwn.ToArray());
    }

    private static CompilationWithAnalyzersOptions Options() =>
        new(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);

    /// <summary>Edit number <paramref name="edit"/>: an entry store somewhere in the document gets a different value.</summary>
    private static (TextChange Change, int Position) NextEdit(SourceText text, int edit)
    {
        var stores = EditTarget.Matches(text.ToString());
        if (stores.Count == 0)
        {
            throw new InvalidOperationException("the editor document has no entry store to edit");
        }

        var store = stores[(edit * 7) % stores.Count];
        var replacement = $"= PteNone | {edit % 8}UL;";
        return (new TextChange(new TextSpan(store.Index, store.Length), replacement), store.Index);
    }

    private static TextSpan MemberSpan(SyntaxTree tree, int position)
    {
        var node = tree.GetRoot().FindToken(position).Parent;
        var member = node?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not TypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax);
        return member?.FullSpan ?? new TextSpan(position, 1);
    }

    private static int CountLines(string text) => text.Count(c => c == '\n');
}
