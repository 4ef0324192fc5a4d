using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgt.Cli.Compilation;
using PgtAnalyzers;
using PgtAnalyzers.Flow;

namespace Pgt.Cli.Static;

/// <summary>
/// Runs every PGT analyzer of the catalog over a compiled unit, in-process, and keeps the PGT diagnostics
/// and what the analyzers skipped. The analysis goes file by file on one analyzer set, so each rule's
/// give-up counters (<see cref="FlowRuleAnalyzer.GiveUps"/>) grow file by file; a file whose counters grew
/// is analysed again member by member on a fresh set to name the members skipped.
/// </summary>
public static class AnalyzerRunner
{
    /// <summary>Every analyzer of the package, in rule order (<see cref="AnalyzerCatalog"/>).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() => AnalyzerCatalog.CreateAll();

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
        CodeUnit unit, ICollection<string> warnings, CancellationToken cancellation) =>
        Run(unit, warnings, skipped: null, cancellation);

    /// <summary>The PGT diagnostics of <paramref name="unit"/>, sorted by file, position and ID.</summary>
    /// <param name="unit">The compiled files.</param>
    /// <param name="warnings">Receives one line per analyzer that threw (AD0001).</param>
    /// <param name="skipped">Receives, in file and member order, the members with bodies the analyzers gave up on.</param>
    /// <param name="cancellation">Stops the analysis.</param>
    public static IReadOnlyList<(Diagnostic Diagnostic, StaticDiagnostic Static)> Run(
        CodeUnit unit, ICollection<string> warnings, ICollection<SkippedBodies>? skipped, CancellationToken cancellation)
    {
        var analyzers = CreateAnalyzers();
        var withAnalyzers = unit.Compilation.WithAnalyzers(analyzers, Options());
        var treesWithSkips = new List<SyntaxTree>();
        foreach (var tree in unit.Compilation.SyntaxTrees)
        {
            var before = GiveUps(analyzers);
            _ = withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(unit.Compilation.GetSemanticModel(tree), filterSpan: null, cancellation).GetAwaiter().GetResult();
            if (GiveUps(analyzers) != before)
            {
                treesWithSkips.Add(tree);
            }
        }

        // Every file is analysed by now: this collects the cached results (and any compilation-wide ones).
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult();
        if (skipped is not null)
        {
            foreach (var tree in treesWithSkips)
            {
                foreach (var entry in SkippedMembers(unit, tree, cancellation))
                {
                    skipped.Add(entry);
                }
            }
        }

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

    private static CompilationWithAnalyzersOptions Options() => new(
        new AnalyzerOptions([]),
        onAnalyzerException: null,
        concurrentAnalysis: false,
        logAnalyzerExecutionTime: false,
        reportSuppressedDiagnostics: false);

    private static int GiveUps(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.OfType<FlowRuleAnalyzer>().Sum(analyzer => analyzer.GiveUps.Total);

    /// <summary>
    /// Analyses <paramref name="tree"/> again, one member at a time on a fresh analyzer set. The rules share
    /// one analysis per member and each counts the member's skipped bodies when its pre-filter passes, so
    /// the largest count among the rules is the member's number of skipped bodies.
    /// </summary>
    private static IEnumerable<SkippedBodies> SkippedMembers(CodeUnit unit, SyntaxTree tree, CancellationToken cancellation)
    {
        var analyzers = CreateAnalyzers();
        var rules = analyzers.OfType<FlowRuleAnalyzer>().ToList();
        var withAnalyzers = unit.Compilation.WithAnalyzers(analyzers, Options());
        var model = unit.Compilation.GetSemanticModel(tree);
        var members = tree.GetRoot(cancellation).DescendantNodes()
            .Where(node => node is MemberDeclarationSyntax and not BaseNamespaceDeclarationSyntax and not BaseTypeDeclarationSyntax and not DelegateDeclarationSyntax
                || node is AccessorDeclarationSyntax);
        foreach (var member in members)
        {
            if (member is BasePropertyDeclarationSyntax { AccessorList: not null })
            {
                continue; // its accessors are the bodies
            }

            var before = rules.Select(Counts).ToList();
            _ = withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, member.Span, cancellation).GetAwaiter().GetResult();
            var grown = rules.Select((rule, index) => (Rule: rule, Delta: Counts(rule).Zip(before[index], (now, then) => now - then).ToArray()))
                .Where(entry => entry.Delta.Any(delta => delta > 0))
                .ToList();
            if (grown.Count == 0)
            {
                continue;
            }

            var symbol = member is FieldDeclarationSyntax field
                ? model.GetDeclaredSymbol(field.Declaration.Variables[0], cancellation)
                : model.GetDeclaredSymbol(member, cancellation);
            var name = symbol?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) ?? member.Kind().ToString();
            var ruleIds = grown.Select(entry => entry.Rule.SupportedDiagnostics[0].Id).Order(StringComparer.Ordinal).ToList();
            foreach (var reason in new[] { SkippedBodies.OverBudget, SkippedBodies.AnalyzerError })
            {
                var bodies = grown.Max(entry => ReasonsOf(reason).Sum(giveUp => entry.Delta[(int)giveUp]));
                if (bodies > 0)
                {
                    var location = symbol?.Locations.FirstOrDefault(place => place.SourceTree == tree) ?? member.GetLocation();
                    yield return new SkippedBodies(name, Position(unit, location), reason, bodies, ruleIds, tree, member.Span);
                }
            }
        }
    }

    private static int[] Counts(FlowRuleAnalyzer rule) =>
        Enum.GetValues<GiveUpReason>().Select(reason => rule.GiveUps[reason]).ToArray();

    private static GiveUpReason[] ReasonsOf(string reason) => reason == SkippedBodies.AnalyzerError
        ? [GiveUpReason.InternalError]
        : [GiveUpReason.TooManyBlocks, GiveUpReason.NotConverging, GiveUpReason.TooDeep, GiveUpReason.StackExhausted];

    public static StaticDiagnostic Convert(CodeUnit unit, Diagnostic diagnostic, string? contextType) =>
        new(
            diagnostic.Id,
            diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning",
            diagnostic.GetMessage(CultureInfo.InvariantCulture).ReplaceLineEndings(" "),
            Position(unit, diagnostic.Location),
            diagnostic.AdditionalLocations.Where(location => location.IsInSource).Select(location => Position(unit, location)).ToList(),
            contextType is not null,
            contextType);

    public static SourcePosition Position(CodeUnit unit, Location location)
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
