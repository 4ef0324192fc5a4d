using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.CodeFixes.Editing;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.CodeFixes.Rules;

/// <summary>
/// PGT001/PGT101: moves the write to just before the call that handed the value to deferred freeing, where
/// that keeps the code's meaning (<see cref="WriteMoveCheck"/>): the write is a simple expression statement
/// in the same block as the call, which is a statement of its own. No fix for a write to a method's own
/// <c>[DeferredFree]</c> parameter: there is no call to move it above. Nor when the call is a helper whose
/// deferral is inferred from its body (no <c>[DeferredFree]</c> of its own) and that body writes through its
/// parameter or hands it off on some of its paths only: it may overwrite what the moved write stores, or
/// decide from it whether to hand the table off (<c>if (t[0] == PteNone) PteFreeDefer(mm, t);</c>), so
/// writing first changes what the helper does (<see cref="IsPlainHandOff"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteAfterDeferredFreeFixer)), Shared]
public sealed class WriteAfterDeferredFreeFixer : DocumentFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.WriteAfterDeferredFree, RuleIds.WriteAfterDeferredFreeOnSomePaths);

    protected override string EquivalenceKey => RuleIds.WriteAfterDeferredFree + ".MoveWriteBeforeDeferredFree";

    protected override string Title(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.DeferredCall, out var call) && call is not null
            ? $"Move the write before '{call}'"
            : "Move the write before the deferred free";

    protected override async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var candidates = diagnostics
            .Select(diagnostic => FindCandidate(root, model, diagnostic, cancellationToken))
            .OfType<Candidate>()
            .ToList();

        // A statement that is both a deferred call and a write to move would be moved and moved before: skip it.
        var deferredStatements = new HashSet<StatementSyntax>(candidates.Select(candidate => candidate.Deferred));
        var moves = new List<(ExpressionStatementSyntax Deferred, List<ExpressionStatementSyntax> Writes)>();
        var moving = new HashSet<StatementSyntax>();
        foreach (var group in candidates.GroupBy(candidate => candidate.Deferred).OrderBy(group => group.Key.SpanStart))
        {
            if (moving.Contains(group.Key))
            {
                continue;
            }

            // Writes move in their order, so a later one does not jump over an earlier one moving with it.
            var accepted = new List<ExpressionStatementSyntax>();
            foreach (var write in group.Select(candidate => candidate.Write).Distinct().OrderBy(write => write.SpanStart))
            {
                if (!moving.Contains(write) && !deferredStatements.Contains(write)
                    && WriteMoveCheck.KeepsMeaning(model, (BlockSyntax)group.Key.Parent!, group.Key, write, accepted, cancellationToken))
                {
                    accepted.Add(write);
                }
            }

            if (accepted.Count > 0)
            {
                moves.Add((group.Key, accepted));
                moving.UnionWith(accepted);
            }
        }

        if (moves.Count == 0)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var (deferred, writes) in moves)
        {
            foreach (var write in writes)
            {
                // The write keeps its own trivia (its comments travel with it).
                editor.RemoveNode(write, SyntaxRemoveOptions.KeepNoTrivia);
            }

            editor.InsertBefore(deferred, writes);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The write's statement and the deferred call's statement, when both are statements of one block, call first.</summary>
    private static Candidate? FindCandidate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.DeferredOrigin, out var origin)
            || origin != DiagnosticPropertyValues.OriginCall
            || diagnostic.AdditionalLocations.Count == 0
            || StatementSite.NodeAt(root, diagnostic.Location) is not { } written
            || StatementSite.NodeAt(root, diagnostic.AdditionalLocations[0]) is not { } call)
        {
            return null;
        }

        if (StatementSite.EnclosingStatement(written) is not ExpressionStatementSyntax write
            || call is not (InvocationExpressionSyntax or ObjectCreationExpressionSyntax)
            || call.Parent is not ExpressionStatementSyntax deferred
            || write.Parent is not BlockSyntax block
            || deferred.Parent != block
            || block.Statements.IndexOf(deferred) >= block.Statements.IndexOf(write)
            || !IsPlainHandOff(model, call, cancellationToken))
        {
            return null;
        }

        return new Candidate(deferred, write);
    }

    /// <summary>
    /// True when the deferring call only hands values off: its callee has a <c>[DeferredFree]</c> parameter
    /// (its own or inherited), whose contract keeps the callee from writing it; or the callee is a helper
    /// whose inferred effects (the analyzers' method summaries) are deferrals on every path and no writes.
    /// </summary>
    private static bool IsPlainHandOff(SemanticModel model, SyntaxNode call, CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(call, cancellationToken);
        var method = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        if (method is null || AnalysisCache.ContractsOf(model.Compilation) is not { } contracts)
        {
            return false;
        }

        if (method.Parameters.Any(parameter => (contracts.Of(parameter) & ParameterContract.DeferredFree) != 0))
        {
            return true;
        }

        var summaries = AnalysisCache.SummariesOf(model.Compilation, contracts);
        if (!summaries.CanSummarise(method, operation))
        {
            return false;
        }

        var summary = summaries.Of(method, AnalysisBudget.MaxSummaryDepth, cancellationToken);
        return summary.GaveUp is null
            && summary.ByParameter.All(effects => effects.All(effect =>
                effect.Kind != ParameterContract.Writes
                && (effect.Kind != ParameterContract.DeferredFree || effect.Certainty == Certainty.OnAllPaths)));
    }

    private sealed class Candidate
    {
        public Candidate(ExpressionStatementSyntax deferred, ExpressionStatementSyntax write)
        {
            Deferred = deferred;
            Write = write;
        }

        public ExpressionStatementSyntax Deferred { get; }

        public ExpressionStatementSyntax Write { get; }
    }
}
