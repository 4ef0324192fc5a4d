using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>Where a reported expression sits among statements, and how to put statements in front of one.</summary>
internal static class StatementSite
{
    /// <summary>
    /// The node a diagnostic location names in this tree, or null when the location lies in another file or
    /// outside the text (a diagnostic cached before an edit).
    /// </summary>
    public static SyntaxNode? NodeAt(SyntaxNode root, Location location) =>
        location.IsInSource && location.SourceTree == root.SyntaxTree && root.FullSpan.Contains(location.SourceSpan)
            ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)
            : null;

    /// <summary>
    /// The statement that directly contains <paramref name="node"/>, or null when a lambda, anonymous method
    /// or local function lies in between (its body runs at another time than the statement).
    /// </summary>
    public static StatementSyntax? EnclosingStatement(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LocalFunctionStatementSyntax:
                case AnonymousFunctionExpressionSyntax:
                case ArrowExpressionClauseSyntax:
                case MemberDeclarationSyntax:
                    return null;
                case StatementSyntax statement:
                    return statement;
            }
        }

        return null;
    }

    /// <summary>
    /// The function whose body holds <paramref name="node"/>: a method, constructor, accessor, operator, local
    /// function, lambda or anonymous method, or the compilation unit of top-level statements.
    /// </summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
        node.AncestorsAndSelf().FirstOrDefault(ancestor => ancestor is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or CompilationUnitSyntax);

    /// <summary>
    /// True when <paramref name="earlier"/> always runs before <paramref name="later"/> starts: both lie in one
    /// function, and <paramref name="earlier"/> is (or precedes, in the same statement list) <paramref name="later"/>
    /// or a statement enclosing it.
    /// </summary>
    public static bool Dominates(StatementSyntax earlier, StatementSyntax later)
    {
        if (EnclosingFunction(earlier) != EnclosingFunction(later))
        {
            return false;
        }

        foreach (var enclosing in later.AncestorsAndSelf().OfType<StatementSyntax>())
        {
            if (enclosing == earlier)
            {
                return true;
            }

            if (enclosing.Parent is BlockSyntax or SwitchSectionSyntax
                && enclosing.Parent == earlier.Parent
                && earlier.SpanStart < enclosing.SpanStart)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when every execution of <paramref name="statement"/> evaluates <paramref name="node"/> exactly once:
    /// no conditional or short-circuit operator, no pattern arm, no loop header lies on the way up.
    /// </summary>
    public static bool IsEvaluatedOncePerExecution(SyntaxNode node, StatementSyntax statement)
    {
        if (statement is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
        {
            return false;
        }

        for (SyntaxNode? child = node, parent = node.Parent; parent is not null && child != statement; child = parent, parent = parent.Parent)
        {
            var conditional = parent switch
            {
                ConditionalExpressionSyntax conditionalExpression => child != conditionalExpression.Condition,
                BinaryExpressionSyntax binary => child == binary.Right && binary.Kind() is SyntaxKind.LogicalAndExpression
                    or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression,
                AssignmentExpressionSyntax assignment => child == assignment.Right && assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression),
                ConditionalAccessExpressionSyntax access => child == access.WhenNotNull,
                SwitchExpressionArmSyntax => true,
                WhenClauseSyntax or CatchFilterClauseSyntax or CatchClauseSyntax or FinallyClauseSyntax => true,
                QueryBodySyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax => true,
                AnonymousFunctionExpressionSyntax => true,
                _ => false,
            };
            if (conditional)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when statements can be put directly in front of <paramref name="statement"/>: it is in a block,
    /// a switch section or a top-level program, or it is the embedded statement of an <c>if</c>, <c>else</c>,
    /// loop, <c>using</c>, <c>lock</c> or <c>fixed</c> (then it becomes a block).
    /// </summary>
    public static bool CanInsertBefore(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax
            || IsEmbedded(statement);

    /// <summary>
    /// Puts <paramref name="statements"/>, in order, in front of <paramref name="statement"/>, laid out as the
    /// code around them is (its indentation and line ends), so nothing else in the file is reformatted.
    /// </summary>
    public static void InsertBefore(SyntaxEditor editor, SourceText text, StatementSyntax statement, IReadOnlyList<StatementSyntax> statements)
    {
        var endOfLine = SourceLayout.EndOfLine(statement);
        switch (statement.Parent)
        {
            case BlockSyntax or SwitchSectionSyntax:
            {
                // Blank lines that set the statement apart now set the new statements apart; its comments stay with it.
                var indentation = SourceLayout.IndentationOf(text, statement);
                var (separation, rest) = SourceLayout.SplitLeadingBlankLines(statement.GetLeadingTrivia());
                var inserted = statements.Select(s => s.WithTriviaFrom(indentation, endOfLine)).ToList();
                inserted[0] = inserted[0].WithLeadingTrivia(separation.AddRange(inserted[0].GetLeadingTrivia()));
                editor.ReplaceNode(statement, (current, _) => current.WithLeadingTrivia(rest));
                editor.InsertBefore(statement, inserted);
                break;
            }

            case GlobalStatementSyntax global:
            {
                var indentation = SourceLayout.IndentationOf(text, statement);
                editor.InsertBefore(global, statements.Select(s => SyntaxFactory.GlobalStatement(s.WithTriviaFrom(indentation, endOfLine))));
                break;
            }

            default:
            {
                // An embedded statement (`if (c) Claim(x);`) becomes a block holding the new statements and itself.
                var outer = SourceLayout.IndentationOf(text, statement.Parent!);
                var inner = SourceLayout.StartsLine(text, statement) ? SourceLayout.IndentationOf(text, statement) : outer + SourceLayout.IndentUnit;
                var block = SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTriviaFrom(outer, endOfLine),
                    SyntaxFactory.List(statements.Select(s => s.WithTriviaFrom(inner, endOfLine))
                        .Append(statement.WithLeadingTrivia(SyntaxFactory.Whitespace(inner)).WithTrailingTrivia(endOfLine))),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Whitespace(outer)).WithTrailingTrivia(statement.GetTrailingTrivia()));
                if (!SourceLayout.StartsLine(text, statement))
                {
                    // `if (c) Claim(x);` on one line: the block opens on the next line.
                    block = block.WithOpenBraceToken(block.OpenBraceToken.WithLeadingTrivia(endOfLine, SyntaxFactory.Whitespace(outer)));
                }

                editor.ReplaceNode(statement, block);
                break;
            }
        }
    }

    private static bool IsEmbedded(StatementSyntax statement) => statement.Parent switch
    {
        IfStatementSyntax ifStatement => ifStatement.Statement == statement,
        ElseClauseSyntax => true,
        WhileStatementSyntax whileStatement => whileStatement.Statement == statement,
        DoStatementSyntax doStatement => doStatement.Statement == statement,
        ForStatementSyntax forStatement => forStatement.Statement == statement,
        CommonForEachStatementSyntax forEach => forEach.Statement == statement,
        UsingStatementSyntax usingStatement => usingStatement.Statement == statement,
        LockStatementSyntax lockStatement => lockStatement.Statement == statement,
        FixedStatementSyntax fixedStatement => fixedStatement.Statement == statement,
        _ => false,
    };
}
