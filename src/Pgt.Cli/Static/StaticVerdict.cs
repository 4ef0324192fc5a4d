using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgt.Cli.Compilation;

namespace Pgt.Cli.Static;

/// <summary>
/// Which PGT diagnostics count for a scenario: every diagnostic in the scenario's own file, plus the
/// diagnostics of context code (the port) that the file uses. Context diagnostics are charged to the
/// top-level type they occur in; a file uses a type when the semantic model binds any name in it to
/// that type or to a member of it (a call, a constructor, a field, an extension method). The port's
/// designs are types, so a scenario of v1 gets v1's diagnostics and not v6.6's.
/// </summary>
public sealed class StaticVerdict
{
    private readonly Dictionary<SourceFile, List<StaticDiagnostic>> _byFile;
    private readonly List<StaticDiagnostic> _all;
    private readonly Dictionary<SourceFile, List<SkippedBodies>> _skippedByFile;
    private readonly List<SkippedBodies> _allSkipped;

    private StaticVerdict(
        Dictionary<SourceFile, List<StaticDiagnostic>> byFile,
        List<StaticDiagnostic> all,
        Dictionary<SourceFile, List<SkippedBodies>> skippedByFile,
        List<SkippedBodies> allSkipped)
    {
        this._byFile = byFile;
        this._all = all;
        this._skippedByFile = skippedByFile;
        this._allSkipped = allSkipped;
    }

    /// <summary>Every diagnostic charged to some checked file: the files' own, then the context's, each sorted.</summary>
    public IReadOnlyList<StaticDiagnostic> All => _all;

    /// <summary>Every member with skipped bodies charged to some checked file, charged like the diagnostics.</summary>
    public IReadOnlyList<SkippedBodies> AllSkipped => _allSkipped;

    /// <param name="scenarios">The checked files, compiled (referencing <paramref name="context"/> when there is one).</param>
    /// <param name="own">The PGT diagnostics of <paramref name="scenarios"/>.</param>
    /// <param name="context">The context unit, or null.</param>
    /// <param name="contextDiagnostics">The PGT diagnostics of <paramref name="context"/>.</param>
    /// <param name="cancellation">Stops the walk.</param>
    /// <param name="ownSkipped">The members of <paramref name="scenarios"/> with bodies the analyzers skipped.</param>
    /// <param name="contextSkipped">The same for <paramref name="context"/>, charged to types like its diagnostics.</param>
    public static StaticVerdict Build(
        CodeUnit scenarios,
        IReadOnlyList<(Diagnostic Diagnostic, StaticDiagnostic Static)> own,
        CodeUnit? context,
        IReadOnlyList<(Diagnostic Diagnostic, StaticDiagnostic Static)> contextDiagnostics,
        CancellationToken cancellation,
        IReadOnlyList<SkippedBodies>? ownSkipped = null,
        IReadOnlyList<SkippedBodies>? contextSkipped = null)
    {
        var byType = context is null ? [] : ChargeToTypes(context, contextDiagnostics, cancellation);
        var skippedByType = context is null || contextSkipped is null ? [] : ChargeSkipsToTypes(context, contextSkipped, cancellation);
        var byFile = new Dictionary<SourceFile, List<StaticDiagnostic>>();
        var skippedByFile = new Dictionary<SourceFile, List<SkippedBodies>>();
        var charged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tree, file) in scenarios.Files)
        {
            var list = own.Where(entry => entry.Diagnostic.Location.SourceTree == tree).Select(entry => entry.Static).ToList();
            var skippedList = (ownSkipped ?? []).Where(entry => entry.Tree == tree).ToList();
            if (byType.Count > 0 || skippedByType.Count > 0)
            {
                foreach (var type in UsedContextTypes(scenarios, tree, context!.Compilation.AssemblyName, cancellation))
                {
                    if (byType.TryGetValue(type, out var diagnostics))
                    {
                        list.AddRange(diagnostics);
                        charged.Add(type);
                    }

                    if (skippedByType.TryGetValue(type, out var skipped))
                    {
                        skippedList.AddRange(skipped);
                        charged.Add(type);
                    }
                }
            }

            byFile[file] = list;
            skippedByFile[file] = skippedList;
        }

        var all = own.Select(entry => entry.Static)
            .Concat(byType.Where(entry => charged.Contains(entry.Key)).OrderBy(entry => entry.Key, StringComparer.Ordinal).SelectMany(entry => entry.Value))
            .ToList();
        var allSkipped = (ownSkipped ?? [])
            .Concat(skippedByType.Where(entry => charged.Contains(entry.Key)).OrderBy(entry => entry.Key, StringComparer.Ordinal).SelectMany(entry => entry.Value))
            .ToList();
        return new StaticVerdict(byFile, all, skippedByFile, allSkipped);
    }

    /// <summary>The diagnostics that count for scenarios declared in <paramref name="file"/>.</summary>
    public IReadOnlyList<StaticDiagnostic> For(SourceFile file) => _byFile.TryGetValue(file, out var list) ? list : [];

    /// <summary>The members with skipped bodies that count for scenarios declared in <paramref name="file"/>.</summary>
    public IReadOnlyList<SkippedBodies> SkippedFor(SourceFile file) => _skippedByFile.TryGetValue(file, out var list) ? list : [];

    /// <summary>The distinct rule IDs among <see cref="For"/>, sorted.</summary>
    public IReadOnlyList<string> RulesFor(SourceFile file) =>
        For(file).Select(diagnostic => diagnostic.Id).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Groups context diagnostics by the top-level type whose declaration contains them.</summary>
    private static Dictionary<string, List<StaticDiagnostic>> ChargeToTypes(
        CodeUnit context, IReadOnlyList<(Diagnostic Diagnostic, StaticDiagnostic Static)> diagnostics, CancellationToken cancellation)
    {
        var byType = new Dictionary<string, List<StaticDiagnostic>>(StringComparer.Ordinal);
        foreach (var (diagnostic, converted) in diagnostics)
        {
            var tree = diagnostic.Location.SourceTree;
            if (tree is null)
            {
                continue;
            }

            var node = tree.GetRoot(cancellation).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var outermost = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>()
                .LastOrDefault(member => member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
            if (outermost is null
                || context.Compilation.GetSemanticModel(tree).GetDeclaredSymbol(outermost, cancellation) is not INamedTypeSymbol type)
            {
                continue;
            }

            var key = Key(type);
            if (!byType.TryGetValue(key, out var list))
            {
                byType[key] = list = [];
            }

            list.Add(converted with { InContext = true, ContextType = type.ToDisplayString() });
        }

        return byType;
    }

    /// <summary>Groups skipped members of the context by their top-level type.</summary>
    private static Dictionary<string, List<SkippedBodies>> ChargeSkipsToTypes(
        CodeUnit context, IReadOnlyList<SkippedBodies> skipped, CancellationToken cancellation)
    {
        var byType = new Dictionary<string, List<SkippedBodies>>(StringComparer.Ordinal);
        foreach (var entry in skipped)
        {
            if (TopLevelTypeAt(context, entry.Tree, entry.Span, cancellation) is not { } type)
            {
                continue;
            }

            var key = Key(type);
            if (!byType.TryGetValue(key, out var list))
            {
                byType[key] = list = [];
            }

            list.Add(entry);
        }

        return byType;
    }

    private static INamedTypeSymbol? TopLevelTypeAt(CodeUnit unit, SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellation)
    {
        var node = tree.GetRoot(cancellation).FindNode(span, getInnermostNodeForTie: true);
        var outermost = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>()
            .LastOrDefault(member => member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
        return outermost is null ? null : unit.Compilation.GetSemanticModel(tree).GetDeclaredSymbol(outermost, cancellation) as INamedTypeSymbol;
    }

    /// <summary>The top-level context types that any name or creation in <paramref name="tree"/> binds to.</summary>
    private static SortedSet<string> UsedContextTypes(CodeUnit unit, SyntaxTree tree, string? contextAssembly, CancellationToken cancellation)
    {
        var model = unit.Compilation.GetSemanticModel(tree);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in tree.GetRoot(cancellation).DescendantNodes())
        {
            if (node is not (ExpressionSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax))
            {
                continue;
            }

            var info = model.GetSymbolInfo(node, cancellation);
            var symbols = info.Symbol is { } symbol ? [symbol] : info.CandidateSymbols;
            foreach (var candidate in symbols)
            {
                if (TopLevelType(candidate) is { } type && type.ContainingAssembly?.Name == contextAssembly)
                {
                    used.Add(Key(type));
                }
            }
        }

        return used;
    }

    private static INamedTypeSymbol? TopLevelType(ISymbol symbol)
    {
        var type = symbol switch
        {
            IArrayTypeSymbol array => array.ElementType as INamedTypeSymbol,
            INamedTypeSymbol named => named,
            IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
            _ => symbol.ContainingType,
        };
        while (type?.ContainingType is { } outer)
        {
            type = outer;
        }

        return type?.OriginalDefinition;
    }

    private static string Key(INamedTypeSymbol type) => type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
