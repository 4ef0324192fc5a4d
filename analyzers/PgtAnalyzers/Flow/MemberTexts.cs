using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PgtAnalyzers.Flow;

/// <summary>
/// A member of an object as messages name it and the PGT002 fix writes it back into code
/// (<c>LiveMemberExpression</c>): the object's expression as written, then <c>.</c> and the member. The
/// expression is parenthesised unless a member access on it reads as one: <c>((Page)item).Lru</c>, not
/// <c>(Page)item.Lru</c>, which is a cast of <c>item.Lru</c>. Roslyn's operations drop the parentheses of
/// the source (the instance of <c>((Page)item).Lru</c> is the cast itself), so they are put back here.
/// </summary>
internal static class MemberTexts
{
    /// <summary><paramref name="member"/> of the object <paramref name="owner"/> evaluates to.</summary>
    public static string Of(SyntaxNode owner, string member) => Owner(owner) + "." + member;

    /// <summary>
    /// A member reference as written, with its object when the syntax leaves it out: <c>.RcuHead</c> in
    /// <c>page?.RcuHead.Func</c> is <c>page?.RcuHead</c>.
    /// </summary>
    public static string OfReference(SyntaxNode reference) =>
        ConditionalObjectOf(reference) is { } owner ? Owner(owner) + "?" + reference : reference.ToString();

    /// <summary>
    /// The object a member binding (<c>.RcuHead</c>, <c>[0]</c>) of a conditional access reads: the expression
    /// before the <c>?</c> whose access it continues; null for other syntax.
    /// </summary>
    public static SyntaxNode? ConditionalObjectOf(SyntaxNode reference)
    {
        if (reference is not (MemberBindingExpressionSyntax or ElementBindingExpressionSyntax))
        {
            return null;
        }

        // The binding starts the WhenNotNull part of the nearest conditional access that contains it.
        for (var node = reference.Parent; node is not null; node = node.Parent)
        {
            if (node is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull.Span.Contains(reference.Span))
            {
                return conditional.Expression;
            }
        }

        return null;
    }

    /// <summary><paramref name="owner"/>'s text, parenthesised when a member access after it would bind to less than all of it.</summary>
    private static string Owner(SyntaxNode owner) => NeedsParentheses(owner) ? "(" + owner + ")" : owner.ToString();

    /// <summary>
    /// False for the primary expressions a <c>.</c> can follow as they are (a name, <c>a.b</c>, a call, an
    /// element access, <c>this</c>, <c>item!</c>, a parenthesised expression...); true for the rest (a cast,
    /// <c>as</c>, a binary or conditional operator, <c>await</c>, a prefix operator, a lambda...), for a
    /// literal other than a string or a character (<c>1.X</c> reads as a number) and for a conditional access
    /// (<c>a?.B.X</c> would skip <c>X</c> when <c>a</c> is null instead of naming the member of what
    /// <c>a?.B</c> gives).
    /// </summary>
    private static bool NeedsParentheses(SyntaxNode owner) => owner switch
    {
        SimpleNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax or PredefinedTypeSyntax => false,
        MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax => false,
        ThisExpressionSyntax or BaseExpressionSyntax => false,
        ParenthesizedExpressionSyntax or TupleExpressionSyntax => false,
        PostfixUnaryExpressionSyntax => false,
        ObjectCreationExpressionSyntax => false,
        DefaultExpressionSyntax or TypeOfExpressionSyntax or SizeOfExpressionSyntax or CheckedExpressionSyntax => false,
        InterpolatedStringExpressionSyntax => false,
        LiteralExpressionSyntax literal => !literal.IsKind(SyntaxKind.StringLiteralExpression) && !literal.IsKind(SyntaxKind.CharacterLiteralExpression),
        // Inside a conditional access (a?.B.Lru) the owner is the binding .B: text that names no object, parenthesised or not.
        MemberBindingExpressionSyntax or ElementBindingExpressionSyntax => false,
        _ => true,
    };
}
