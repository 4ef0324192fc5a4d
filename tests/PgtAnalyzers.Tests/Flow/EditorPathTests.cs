using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// The editor path: a workspace with one project, and the diagnostics of one document and one span asked
/// for the way an IDE does (semantic diagnostics per document and span). The rules report there live,
/// because none of them waits for a compilation-end action.
/// </summary>
public sealed class EditorPathTests
{
    private const string Buggy = """
        using PgtAnalyzers.Annotations;
        using StandIn;
        using static StandIn.Kernel;

        class Editor
        {
            void Clean([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PteNone;
                PteFreeDefer(mm, table);
            }

            void Retract([RequiresMm] Mm mm, PteTable table, Page page)
            {
                PteFreeDefer(mm, table);
                table[1] = PteNone;
                ListAdd(page.Lru, mm.Context.PgtableList);
                CallRcu(page.RcuHead, head => SpinLock(mm));
            }
        }
        """;

    private static async Task<(Compilation Compilation, Document Document)> OpenAsync()
    {
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        using var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("Editor", "Editor", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(references.Add(MetadataReference.CreateFromFile(typeof(PgtAnalyzers.Annotations.DeferredFreeAttribute).Assembly.Location)));
        project = project.AddDocument(StandInPrelude.FileName, SourceText.From(StandInPrelude.Source)).Project;
        var document = project.AddDocument("Editor.cs", SourceText.From(Buggy));
        var compilation = await document.Project.GetCompilationAsync();
        Assert.NotNull(compilation);
        Assert.Empty(TestCompilation.Errors(compilation!));
        return (compilation!, document);
    }

    private static async Task<ImmutableArray<Diagnostic>> SemanticDiagnosticsAsync(Compilation compilation, Document document, TextSpan span)
    {
        var model = await document.GetSemanticModelAsync();
        var withAnalyzers = compilation.WithAnalyzers(PgtAnalyzerTest.AllAnalyzers().ToImmutableArray());
        return await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model!, span, CancellationToken.None);
    }

    [Fact]
    public async Task SpanOfTheBuggyMethod_GetsItsDiagnosticsLive()
    {
        var (compilation, document) = await OpenAsync();
        var text = (await document.GetTextAsync()).ToString();
        var start = text.IndexOf("void Retract", System.StringComparison.Ordinal);
        var span = TextSpan.FromBounds(start, text.LastIndexOf('}', text.Length - 2));

        var diagnostics = await SemanticDiagnosticsAsync(compilation, document, span);

        Assert.Equal(new[] { "PGT001", "PGT002", "PGT003" }, diagnostics.Select(d => d.Id).OrderBy(id => id).ToArray());
        var write = diagnostics.Single(d => d.Id == "PGT001");
        Assert.Equal("table[1]", text.Substring(write.Location.SourceSpan.Start, write.Location.SourceSpan.Length));
        Assert.Equal(document.FilePath ?? "Editor.cs", write.Location.SourceTree!.FilePath);
    }

    [Fact]
    public async Task SpanOfTheCleanMethod_GetsNothing()
    {
        var (compilation, document) = await OpenAsync();
        var text = (await document.GetTextAsync()).ToString();
        var start = text.IndexOf("void Clean", System.StringComparison.Ordinal);
        var end = text.LastIndexOf('}', text.IndexOf("void Retract", System.StringComparison.Ordinal)) + 1;

        var diagnostics = await SemanticDiagnosticsAsync(compilation, document, TextSpan.FromBounds(start, end));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task WholeDocument_GetsEveryRuleDiagnosticOfIt()
    {
        var (compilation, document) = await OpenAsync();
        var model = await document.GetSemanticModelAsync();
        var withAnalyzers = compilation.WithAnalyzers(PgtAnalyzerTest.AllAnalyzers().ToImmutableArray());

        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model!, filterSpan: null, CancellationToken.None);

        Assert.Equal(new[] { "PGT001", "PGT002", "PGT003" }, diagnostics.Select(d => d.Id).OrderBy(id => id).ToArray());
        Assert.All(diagnostics, d => Assert.Equal(model!.SyntaxTree, d.Location.SourceTree));
    }
}
