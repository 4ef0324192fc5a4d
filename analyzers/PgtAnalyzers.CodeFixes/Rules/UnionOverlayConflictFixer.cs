using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.CodeFixes.Editing;

namespace PgtAnalyzers.CodeFixes.Rules;

/// <summary>
/// PGT002/PGT102: releases the live member first, inserting e.g. <c>ListDel(page.Lru);</c> as a statement
/// before the one that claims or writes the other member: the release the document already uses on that
/// member (first in source order), else the rule's <c>ReleaseCandidate</c>, applied to its <c>LiveMemberExpression</c>. Declines when the rule found no release method, when the use only
/// reads or releases (releasing first would not make that read meaningful), when the call does not bind to
/// a <c>[Releases]</c> method there, when the live expression's variables are reassigned in the body (it
/// might name another object by then), and when the use is not evaluated exactly once per execution of its
/// statement (a loop header, a conditional operand, a lambda). Fix All inserts one release per claim of a
/// live member ahead of the first use it dominates, not one per diagnostic: a second release would release
/// a member that is no longer live, or the one just claimed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnionOverlayConflictFixer)), Shared]
public sealed class UnionOverlayConflictFixer : DocumentFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.UnionOverlayConflict, RuleIds.UnionOverlayConflictOnSomePaths);

    protected override string EquivalenceKey => RuleIds.UnionOverlayConflict + ".ReleaseLiveMemberFirst";

    // The release is chosen when the fix is planned (the one the document uses on that member, if any), so the title names the member only.
    protected override string Title(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.LiveMemberExpression, out var live)
            ? $"Release '{live}' first"
            : "Release the live member first";

    protected override async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var candidates = diagnostics
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .Select(diagnostic => FindCandidate(root, model, diagnostic, cancellationToken))
            .OfType<Candidate>()
            .ToList();

        // One release per claim of a live member: a use the release before an earlier use already covers gets none.
        var insertions = new Dictionary<StatementSyntax, List<StatementSyntax>>();
        foreach (var group in candidates.GroupBy(candidate => candidate.GroupKey))
        {
            var covered = new List<StatementSyntax>();
            foreach (var candidate in group.OrderBy(candidate => candidate.Statement.SpanStart))
            {
                if (covered.Any(earlier => StatementSite.Dominates(earlier, candidate.Statement)))
                {
                    continue;
                }

                covered.Add(candidate.Statement);
                if (!insertions.TryGetValue(candidate.Statement, out var releases))
                {
                    insertions[candidate.Statement] = releases = new List<StatementSyntax>();
                }

                if (!releases.Any(existing => existing.IsEquivalentTo(candidate.Release)))
                {
                    releases.Add(candidate.Release);
                }
            }
        }

        if (insertions.Count == 0)
        {
            return null;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var insertion in insertions.OrderBy(insertion => insertion.Key.SpanStart))
        {
            StatementSite.InsertBefore(editor, text, insertion.Key, insertion.Value);
        }

        return editor.GetChangedDocument();
    }

    private static Candidate? FindCandidate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(DiagnosticPropertyNames.Access, out var access)
            || access is not (DiagnosticPropertyValues.AccessClaim or DiagnosticPropertyValues.AccessWrite)
            || !properties.TryGetValue(DiagnosticPropertyNames.ReleaseCandidate, out var releaseName) || string.IsNullOrEmpty(releaseName)
            || !properties.TryGetValue(DiagnosticPropertyNames.LiveMemberExpression, out var liveText) || string.IsNullOrEmpty(liveText)
            || StatementSite.NodeAt(root, diagnostic.Location) is not { } use)
        {
            return null;
        }

        if (StatementSite.EnclosingStatement(use) is not { } statement
            || !StatementSite.IsEvaluatedOncePerExecution(use, statement)
            || !StatementSite.CanInsertBefore(statement))
        {
            return null;
        }

        var claim = diagnostic.AdditionalLocations.Count > 0 ? StatementSite.NodeAt(root, diagnostic.AdditionalLocations[0]) : null;
        var live = SyntaxFactory.ParseExpression(liveText!);
        if (live.ContainsDiagnostics || !VariablesStayPut(model, statement, live, claim, cancellationToken))
        {
            return null;
        }

        // The release this document already uses on that member, then the rule's candidate (the first by name).
        var release = ReleaseUsedOn(root, model, statement, live, cancellationToken) is { } used
            && BindableRelease(model, statement, used, live, claim, cancellationToken) is { } usedCall
            ? usedCall
            : BindableRelease(model, statement, releaseName!, live, claim, cancellationToken);
        if (release is null)
        {
            return null;
        }

        var groupKey = (claim?.SpanStart ?? -1) + "|" + live.ToString() + "|" + releaseName;
        return new Candidate(statement, SyntaxFactory.ExpressionStatement(release, SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithoutTrivia()), groupKey);
    }

    /// <summary>
    /// The name of the method the document first (in source order) passes the live member to as a
    /// <c>[Releases]</c> argument, on any object: <c>ListDelInit(other.Lru)</c> makes the fix use
    /// <c>ListDelInit</c> too. Only calls passing a member of that name are bound.
    /// </summary>
    private static string? ReleaseUsedOn(SyntaxNode root, SemanticModel model, StatementSyntax statement, ExpressionSyntax live, CancellationToken cancellationToken)
    {
        var member = model.GetSpeculativeSymbolInfo(statement.SpanStart, live, SpeculativeBindingOption.BindAsExpression).Symbol;
        if (member is not (IFieldSymbol or IPropertySymbol))
        {
            return null;
        }

        foreach (var call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            foreach (var argument in call.ArgumentList.Arguments)
            {
                var name = argument.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => null,
                };
                if (name != member.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol?.OriginalDefinition, member.OriginalDefinition)
                    || model.GetOperation(argument, cancellationToken) is not IArgumentOperation { Parameter: { } parameter }
                    || !AnnotationLookup.Has(parameter, AnnotationNames.Releases))
                {
                    continue;
                }

                return parameter.ContainingSymbol.Name;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>Release(live)</c> as written, or qualified with the type of the claiming method or of the current
    /// method, whichever binds at <paramref name="statement"/> to a method whose single argument goes to a
    /// <c>[Releases]</c> parameter. Parsed from text, so it carries no formatting requests.
    /// </summary>
    private static InvocationExpressionSyntax? BindableRelease(
        SemanticModel model, StatementSyntax statement, string releaseName, ExpressionSyntax live, SyntaxNode? claim, CancellationToken cancellationToken)
    {
        var claimingType = claim?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault() is { } claimCall
            ? (model.GetSymbolInfo(claimCall, cancellationToken).Symbol as IMethodSymbol)?.ContainingType
            : null;
        var currentType = model.GetEnclosingSymbol(statement.SpanStart, cancellationToken)?.ContainingType;
        var callees = new[] { claimingType, currentType }
            .OfType<INamedTypeSymbol>()
            .Select(type => type.ToMinimalDisplayString(model, statement.SpanStart) + "." + releaseName)
            .Prepend(releaseName);
        foreach (var callee in callees)
        {
            if (SyntaxFactory.ParseExpression($"{callee}({live})") is InvocationExpressionSyntax call
                && !call.ContainsDiagnostics
                && IsRelease(model, statement, call))
            {
                return call;
            }
        }

        return null;
    }

    private static bool IsRelease(SemanticModel model, StatementSyntax statement, InvocationExpressionSyntax call)
    {
        var bound = model.GetSpeculativeSymbolInfo(statement.SpanStart, call, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
        return bound is { Parameters.Length: > 0 }
            && AnnotationLookup.Has(bound.Parameters[0], AnnotationNames.Releases)
            && bound.Parameters.Skip(1).All(parameter => parameter.IsOptional || parameter.IsParams);
    }

    /// <summary>
    /// The variables the live expression starts from mean at the use what they meant at the claim: each binds
    /// to the symbol it bound to in the claim's own text of the expression, and a local or parameter among
    /// them is never reassigned in the body (then it might name another object by the time of the use).
    /// </summary>
    private static bool VariablesStayPut(
        SemanticModel model, StatementSyntax statement, ExpressionSyntax live, SyntaxNode? claim, CancellationToken cancellationToken)
    {
        if (StatementSite.EnclosingFunction(statement) is not { } function
            || model.GetOperation(function, cancellationToken) is not { } body)
        {
            return false;
        }

        var atClaim = claim?.DescendantNodesAndSelf().OfType<ExpressionSyntax>()
            .FirstOrDefault(expression => expression.IsEquivalentTo(live, topLevel: false));
        var claimNames = atClaim is null ? new List<IdentifierNameSyntax>() : VariableNames(atClaim).ToList();
        var names = VariableNames(live).ToList();
        for (var index = 0; index < names.Count; index++)
        {
            var symbol = model.GetSpeculativeSymbolInfo(statement.SpanStart, names[index], SpeculativeBindingOption.BindAsExpression).Symbol;
            if (symbol is null)
            {
                return false;
            }

            if (claimNames.Count == names.Count
                && !SymbolEqualityComparer.Default.Equals(symbol, model.GetSymbolInfo(claimNames[index], cancellationToken).Symbol))
            {
                return false;
            }

            if (symbol is ILocalSymbol or IParameterSymbol && VariableWrites.IsReassigned(body, symbol))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The names that stand for variables: every identifier except the member names after a dot.</summary>
    private static IEnumerable<IdentifierNameSyntax> VariableNames(ExpressionSyntax expression) =>
        expression.DescendantNodesAndSelf()
            .OfType<IdentifierNameSyntax>()
            .Where(name => !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name));

    private sealed class Candidate
    {
        public Candidate(StatementSyntax statement, StatementSyntax release, string groupKey)
        {
            Statement = statement;
            Release = release;
            GroupKey = groupKey;
        }

        /// <summary>The statement holding the conflicting use; the release goes right before it.</summary>
        public StatementSyntax Statement { get; }

        public StatementSyntax Release { get; }

        /// <summary>Uses that conflict with the same claim of the same member share one release.</summary>
        public string GroupKey { get; }
    }
}
