using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>
/// The layout of the code being edited (indentation, line ends), so a fix writes new lines the way the file
/// already looks instead of running the formatter over code the user laid out.
/// </summary>
internal static class SourceLayout
{
    /// <summary>Used only when a new line must be indented one level deeper than existing code.</summary>
    public const string IndentUnit = "    ";

    /// <summary>The whitespace that starts the line <paramref name="node"/> starts on.</summary>
    public static string IndentationOf(SourceText text, SyntaxNode node)
    {
        var line = text.Lines.GetLineFromPosition(node.SpanStart);
        var end = line.Start;
        while (end < line.End && text[end] is ' ' or '\t')
        {
            end++;
        }

        return text.ToString(TextSpan.FromBounds(line.Start, end));
    }

    /// <summary>True when only whitespace precedes <paramref name="node"/> on its line.</summary>
    public static bool StartsLine(SourceText text, SyntaxNode node) =>
        IndentationOf(text, node).Length == node.SpanStart - text.Lines.GetLineFromPosition(node.SpanStart).Start;

    /// <summary>The line end the file uses (the first one found), or a line feed.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode anyNode) =>
        anyNode.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)) is var found
            && found.IsKind(SyntaxKind.EndOfLineTrivia)
            ? found
            : SyntaxFactory.LineFeed;

    /// <summary>
    /// Splits leading trivia into the whole blank lines it starts with and the rest (comments, directives and
    /// the indentation of the node's own line).
    /// </summary>
    public static (SyntaxTriviaList BlankLines, SyntaxTriviaList Remainder) SplitLeadingBlankLines(SyntaxTriviaList trivia)
    {
        var end = 0;
        for (var index = 0; index < trivia.Count && trivia[index].Kind() is SyntaxKind.WhitespaceTrivia or SyntaxKind.EndOfLineTrivia; index++)
        {
            if (trivia[index].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                end = index + 1;
            }
        }

        return (SyntaxFactory.TriviaList(trivia.Take(end)), SyntaxFactory.TriviaList(trivia.Skip(end)));
    }

    /// <summary><paramref name="node"/> on a line of its own: indented by <paramref name="indentation"/>, ended by <paramref name="endOfLine"/>.</summary>
    public static TNode WithTriviaFrom<TNode>(this TNode node, string indentation, SyntaxTrivia endOfLine)
        where TNode : SyntaxNode =>
        node.WithLeadingTrivia(SyntaxFactory.Whitespace(indentation)).WithTrailingTrivia(endOfLine);

    /// <inheritdoc cref="WithTriviaFrom{TNode}(TNode, string, SyntaxTrivia)"/>
    public static SyntaxToken WithTriviaFrom(this SyntaxToken token, string indentation, SyntaxTrivia endOfLine) =>
        token.WithLeadingTrivia(SyntaxFactory.Whitespace(indentation)).WithTrailingTrivia(endOfLine);
}
