using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace PgtAnalyzers.CodeFixes;

/// <summary>
/// The one mechanism every fixer here uses: a fixer rewrites one document for a set of its diagnostics at
/// once. A single fix is that rewrite for one diagnostic; Fix All (document, project and solution scope) is
/// that rewrite per document for all of them. Each fixer plans all its edits against one syntax tree, so
/// edits that touch the same place (two writes moved before one call, one method threaded for two calls,
/// one release covering two uses) are merged by the fixer itself instead of by text-change merging, which
/// would drop or duplicate them.
/// </summary>
public abstract class DocumentFixProvider : CodeFixProvider
{
    /// <summary>Shared by every action of one fixer, so Fix All applies them together.</summary>
    protected abstract string EquivalenceKey { get; }

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // Planned now, so a fix is only offered where it applies (the fixers decline where a rewrite
            // would change the code's meaning or not compile).
            var fixedDocument = await FixAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (fixedDocument is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title(diagnostic), _ => Task.FromResult(fixedDocument), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>What the light bulb says for <paramref name="diagnostic"/>.</summary>
    protected abstract string Title(Diagnostic diagnostic);

    /// <summary>
    /// <paramref name="document"/> with every diagnostic in <paramref name="diagnostics"/> that can be fixed
    /// fixed, or null when none can.
    /// </summary>
    protected abstract Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
