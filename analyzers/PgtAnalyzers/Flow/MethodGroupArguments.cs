using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Per document, the arguments written as a bare method name (<c>PteFreeNow</c>, <c>Kernel.PteFreeNow</c>).
/// Found from the occurrences of the name in the document's text, each resolved to its token: a handful per
/// name, where indexing every argument of the document walked all of its syntax nodes (over a second on a
/// 50,000-line corpus). One text per document and compilation.
/// </summary>
internal sealed class MethodGroupArguments
{
    private readonly ConditionalWeakTable<SyntaxTree, string> _texts = new();

    public IReadOnlyList<ArgumentSyntax> Named(SyntaxTree tree, string name, CancellationToken cancellationToken)
    {
        var found = new List<ArgumentSyntax>();
        if (name.Length == 0)
        {
            return found;
        }

        var text = _texts.GetValue(tree, t => t.GetText(cancellationToken).ToString());
        var root = tree.GetRoot(cancellationToken);
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
        {
            var token = root.FindToken(at);
            if (token.Parent is IdentifierNameSyntax identifier && token.ValueText == name
                && ArgumentOf(identifier) is { } argument && NameOf(argument.Expression) == name)
            {
                found.Add(argument);
            }
        }

        return found;
    }

    /// <summary>The name an argument expression spells, when it is a plain or qualified name.</summary>
    public static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The argument <paramref name="identifier"/> is the whole of, alone or as the name of a member access.</summary>
    private static ArgumentSyntax? ArgumentOf(IdentifierNameSyntax identifier)
    {
        ExpressionSyntax expression = identifier;
        if (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier)
        {
            expression = access;
        }

        return expression.Parent is ArgumentSyntax argument && argument.Expression == expression ? argument : null;
    }
}
