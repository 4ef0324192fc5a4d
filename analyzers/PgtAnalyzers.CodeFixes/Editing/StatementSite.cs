using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>Where a reported expression sits among statements, and how to put statements in front of one.</summary>
internal static class StatementSite
{
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
                WhenClauseSyntax => true,
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

    /// <summary>Puts <paramref name="statements"/>, in order, in front of <paramref name="statement"/>.</summary>
    public static void InsertBefore(SyntaxEditor editor, StatementSyntax statement, IReadOnlyList<StatementSyntax> statements)
    {
        var formatted = statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        switch (statement.Parent)
        {
            case BlockSyntax or SwitchSectionSyntax:
                editor.InsertBefore(statement, formatted);
                break;
            case GlobalStatementSyntax global:
                editor.InsertBefore(global, formatted.Select(SyntaxFactory.GlobalStatement));
                break;
            default:
                // An embedded statement (`if (c) Claim(x);`) becomes a block holding the new statements and itself.
                editor.ReplaceNode(statement, (current, _) =>
                    SyntaxFactory.Block(formatted.Append(((StatementSyntax)current).WithoutLeadingTrivia()))
                        .WithLeadingTrivia(current.GetLeadingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation));
                break;
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
