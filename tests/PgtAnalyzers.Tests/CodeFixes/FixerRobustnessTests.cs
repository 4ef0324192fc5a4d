using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PgtAnalyzers.CodeFixes.Rules;
using Xunit;

namespace PgtAnalyzers.Tests.CodeFixes;

/// <summary>
/// A fixer is handed whatever diagnostic an IDE has cached, perhaps for text typed since: missing
/// properties, spans on whitespace or past the end, blame locations in another file. It offers nothing then,
/// and never throws.
/// </summary>
public sealed class FixerRobustnessTests
{
    private const string HalfTypedCode = """
        using PgtAnalyzers.Annotations;

        partial class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table
                table[1] =
            }

            void G(
        """;

    public static TheoryData<string> FixerNames => new() { nameof(WriteAfterDeferredFreeFixer), nameof(UnionOverlayConflictFixer), nameof(MissingMmFixer) };

    [Theory]
    [MemberData(nameof(FixerNames))]
    public async Task StrangeDiagnostics_OfferNoFixAndDoNotThrow(string fixerName)
    {
        var fixer = Create(fixerName);
        var document = CreateDocument(HalfTypedCode);
        var tree = (await document.GetSyntaxTreeAsync())!;
        var length = tree.Length;

        foreach (var id in fixer.FixableDiagnosticIds)
        {
            foreach (var diagnostic in StrangeDiagnostics(id, tree, length))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);

                await fixer.RegisterCodeFixesAsync(context);

                Assert.Empty(actions);
            }
        }
    }

    private static IEnumerable<Diagnostic> StrangeDiagnostics(string id, SyntaxTree tree, int length)
    {
        var descriptor = new DiagnosticDescriptor(id, "t", "m", "c", DiagnosticSeverity.Error, isEnabledByDefault: true);
        var otherTree = CSharpSyntaxTree.ParseText("class Elsewhere { }", path: "Elsewhere.cs");
        var allProperties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyNames.DeferredOrigin, DiagnosticPropertyValues.OriginCall)
            .Add(DiagnosticPropertyNames.Access, DiagnosticPropertyValues.AccessClaim)
            .Add(DiagnosticPropertyNames.ReleaseCandidate, "ListDel")
            .Add(DiagnosticPropertyNames.LiveMemberExpression, "page.Lru(")
            .Add(DiagnosticPropertyNames.Reason, DiagnosticPropertyValues.ReasonNull)
            .Add(DiagnosticPropertyNames.CallerParameter, "nothing");
        var spans = new[] { new TextSpan(0, 0), new TextSpan(length, 0), new TextSpan(length / 2, 1), new TextSpan(0, length) };
        foreach (var span in spans)
        {
            var location = Location.Create(tree, span);
            yield return Diagnostic.Create(descriptor, location);
            yield return Diagnostic.Create(descriptor, location, new[] { Location.Create(otherTree, new TextSpan(0, 5)) }, allProperties);
            yield return Diagnostic.Create(descriptor, location, new[] { location }, allProperties);
        }

        // A diagnostic of another file handed to this one.
        var elsewhere = Location.Create(otherTree, new TextSpan(0, 5));
        yield return Diagnostic.Create(descriptor, elsewhere, new[] { elsewhere }, allProperties);
    }

    private static CodeFixProvider Create(string name) => name switch
    {
        nameof(WriteAfterDeferredFreeFixer) => new WriteAfterDeferredFreeFixer(),
        nameof(UnionOverlayConflictFixer) => new UnionOverlayConflictFixer(),
        nameof(MissingMmFixer) => new MissingMmFixer(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static Document CreateDocument(string code)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("HalfTyped", LanguageNames.CSharp)
            .AddMetadataReference(MetadataReference.CreateFromFile(typeof(object).Assembly.Location))
            .AddMetadataReference(MetadataReference.CreateFromFile(typeof(PgtAnalyzers.Annotations.DeferredFreeAttribute).Assembly.Location));
        return project.AddDocument("HalfTyped.cs", code);
    }
}
