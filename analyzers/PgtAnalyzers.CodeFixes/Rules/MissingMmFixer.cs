using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.CodeFixes.Editing;

namespace PgtAnalyzers.CodeFixes.Rules;

/// <summary>
/// PGT003/PGT103: gives the method an mm of its own and passes it. When the bad mm came from the method's own
/// unannotated parameter (<c>CallerParameter</c>), that parameter is marked <c>[RequiresMm]</c>. Otherwise
/// the call gets the method's <c>[RequiresMm]</c> parameter, or its one unannotated parameter of the mm's
/// type (then marked), or a new <c>[RequiresMm]</c> parameter put first (after <c>this</c> in an extension
/// method), which every caller in the document passes in turn, at the matching place of its arguments
/// (<see cref="MmThreadingPlan"/> says when that is declined). Adds the using of
/// <c>PgtAnalyzers.Annotations</c> if needed. No fix for <c>NoMmContext</c>: an RCU callback has no mm to
/// thread, and giving it one is the bug.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingMmFixer)), Shared]
public sealed class MissingMmFixer : DocumentFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.MissingMm, RuleIds.MissingMmOnSomePaths);

    protected override string EquivalenceKey => RuleIds.MissingMm + ".ThreadRequiresMmParameter";

    protected override string Title(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.CallerParameter, out var parameter) && parameter is not null
            ? $"Mark parameter '{parameter}' [RequiresMm]"
            : "Pass the caller's [RequiresMm] mm, adding the parameter where needed";

    protected override async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var plan = new MmThreadingPlan(document, model, cancellationToken);
        foreach (var diagnostic in diagnostics.OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start))
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Reason, out var reason)
                || reason is not (DiagnosticPropertyValues.ReasonNull or DiagnosticPropertyValues.ReasonNotFromSource)
                || StatementSite.NodeAt(root, diagnostic.Location) is not { } reported)
            {
                continue;
            }

            if (reported.AncestorsAndSelf().OfType<ArgumentSyntax>().FirstOrDefault() is not { } argument
                || model.GetOperation(argument, cancellationToken) is not IArgumentOperation { Parameter: { } mmParameter }
                || !AnnotationLookup.Has(mmParameter.OriginalDefinition, AnnotationNames.RequiresMm))
            {
                continue;
            }

            if (diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.CallerParameter, out var callerParameter) && callerParameter is not null)
            {
                if (model.LookupSymbols(argument.SpanStart, name: callerParameter).OfType<IParameterSymbol>().FirstOrDefault() is { } parameter)
                {
                    plan.TryMark(parameter);
                }

                continue;
            }

            if (StatementSite.EnclosingFunction(argument) is (MethodDeclarationSyntax or LocalFunctionStatementSyntax or ConstructorDeclarationSyntax) and var function
                && model.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol method)
            {
                await plan.TryPassOwnMmAsync(method, function, argument.Expression, mmParameter.Type).ConfigureAwait(false);
            }
        }

        return plan.IsEmpty ? null : await MmThreadingWriter.ApplyAsync(document, model, plan, cancellationToken).ConfigureAwait(false);
    }
}
