using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PgtAnalyzers.Flow;
using Xunit;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// A member of an object as messages and LiveMemberExpression name it: the text reads back as that member of
/// that whole expression (the PGT002 fix parses it into code).
/// </summary>
public sealed class MemberTextsTests
{
    [Theory]
    [InlineData("page", "page.Lru")]
    [InlineData("pool.Pages[0]", "pool.Pages[0].Lru")]
    [InlineData("Page.FromTable(table)", "Page.FromTable(table).Lru")]
    [InlineData("item!", "item!.Lru")]
    [InlineData("this", "this.Lru")]
    [InlineData("new Page()", "new Page().Lru")]
    [InlineData("(page)", "(page).Lru")]
    [InlineData("(Page)item", "((Page)item).Lru")]
    [InlineData("(Page)(object)item!", "((Page)(object)item!).Lru")]
    [InlineData("item as Page", "(item as Page).Lru")]
    [InlineData("first ?? second", "(first ?? second).Lru")]
    [InlineData("last ? first : second", "(last ? first : second).Lru")]
    [InlineData("await NextAsync()", "(await NextAsync()).Lru")]
    [InlineData("a?.Page", "(a?.Page).Lru")]
    [InlineData("null", "(null).Lru")]
    public void Of_ReadsBackAsTheMemberOfTheWholeExpression(string owner, string expected)
    {
        var expression = SyntaxFactory.ParseExpression(owner);

        var text = MemberTexts.Of(expression, "Lru");

        Assert.Equal(expected, text);
        var parsed = Assert.IsType<MemberAccessExpressionSyntax>(SyntaxFactory.ParseExpression(text));
        Assert.Equal("Lru", parsed.Name.Identifier.ValueText);
        var target = parsed.Expression is ParenthesizedExpressionSyntax parenthesized && expression is not ParenthesizedExpressionSyntax
            ? parenthesized.Expression
            : parsed.Expression;
        Assert.True(target.IsEquivalentTo(expression), $"'{text}' is not a member of '{owner}'");
    }
}
