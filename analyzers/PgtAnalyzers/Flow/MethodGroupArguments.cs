using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Per document, the arguments written as a bare method name (<c>PteFreeNow</c>, <c>Kernel.PteFreeNow</c>),
/// by that name. Built once per syntax tree and compilation, so finding the method groups passed to a
/// <c>[NoMm]</c> parameter costs a lookup per body instead of a walk of its whole document.
/// </summary>
internal sealed class MethodGroupArguments
{
    private static readonly IReadOnlyList<ArgumentSyntax> None = Array.Empty<ArgumentSyntax>();

    private readonly ConcurrentDictionary<SyntaxTree, Dictionary<string, List<ArgumentSyntax>>> _byTree = new();

    public IReadOnlyList<ArgumentSyntax> Named(SyntaxTree tree, string name, CancellationToken cancellationToken)
    {
        var index = _byTree.GetOrAdd(tree, t => Build(t, cancellationToken));
        return index.TryGetValue(name, out var arguments) ? arguments : None;
    }

    /// <summary>The name an argument expression spells, when it is a plain or qualified name.</summary>
    public static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };

    private static Dictionary<string, List<ArgumentSyntax>> Build(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, List<ArgumentSyntax>>(StringComparer.Ordinal);
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (node is ArgumentSyntax argument && NameOf(argument.Expression) is { } name)
            {
                if (!index.TryGetValue(name, out var list))
                {
                    list = new List<ArgumentSyntax>();
                    index.Add(name, list);
                }

                list.Add(argument);
            }
        }

        return index;
    }
}
