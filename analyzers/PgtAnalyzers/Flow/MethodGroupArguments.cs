using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Per document, the arguments written as a bare method name (<c>PteFreeNow</c>, <c>Kernel.PteFreeNow</c>,
/// <c>new RcuCallback(PteFreeNow)</c>, a generic one <c>Free&lt;int&gt;</c>) or choosing one (<c>fast ? FreeFast : FreeSlow</c>, <c>custom ?? Default</c>).
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
            // A generic method group (`Done<int>`) is a GenericNameSyntax whose identifier is the name.
            if (token.Parent is SimpleNameSyntax identifier && token == identifier.Identifier && token.ValueText == name)
            {
                AddArgumentsOf(identifier, found);
            }
        }

        return found;
    }

    /// <summary>
    /// The argument <paramref name="identifier"/> is the whole of, or one of the values of, alone or as the name
    /// of a member access, through parentheses, casts, the branches of <c>?:</c>, the arms of a <c>switch</c>
    /// expression and the operands of <c>??</c>; and when that argument is the only one of an object creation
    /// (a delegate made explicitly, <c>new RcuCallback(PteFreeNow)</c>), the argument that creation is the whole
    /// of too. The caller binds each to see which is a method group passed to a parameter
    /// (<see cref="ChosenCallbacks"/> decides what is a value of it; this only finds the candidates).
    /// </summary>
    private static void AddArgumentsOf(SimpleNameSyntax identifier, List<ArgumentSyntax> found)
    {
        ExpressionSyntax expression = identifier;
        if (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier)
        {
            expression = access;
        }

        // A handful of steps: each goes one node up, and only through these shapes.
        while (true)
        {
            switch (expression.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized;
                    continue;
                case CastExpressionSyntax cast when cast.Expression == expression:
                    expression = cast;
                    continue;
                case ConditionalExpressionSyntax conditional when conditional.WhenTrue == expression || conditional.WhenFalse == expression:
                    expression = conditional;
                    continue;
                case SwitchExpressionArmSyntax arm when arm.Expression == expression && arm.Parent is SwitchExpressionSyntax switchExpression:
                    expression = switchExpression;
                    continue;
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression):
                    expression = coalesce;
                    continue;
                case ArgumentSyntax argument when argument.Expression == expression:
                    found.Add(argument);
                    if (argument.Parent is ArgumentListSyntax { Arguments.Count: 1 } list && list.Parent is BaseObjectCreationExpressionSyntax creation)
                    {
                        expression = creation;
                        continue;
                    }

                    return;
                default:
                    return;
            }
        }
    }
}
