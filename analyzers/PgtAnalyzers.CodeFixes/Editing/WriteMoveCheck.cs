using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>
/// Decides whether a write statement may move up to just before an earlier statement of the same block
/// without changing what the code computes (exceptions aside). The moved write must be one simple
/// expression statement: it writes memory reached from a local, a parameter or <c>this</c>, and computes
/// what it writes from constants, locals and parameters only. Every statement it jumps over, except the
/// deferred-free call itself, must be a plain local computation (no call, no memory access, no jump, no
/// label), and no jumped-over statement may declare a variable the write uses, write a variable the write
/// reads, or read or write a variable the write writes (Roslyn's data flow analysis decides which).
/// Jumping over the deferred-free call is the point of the fix: the table is written while still owned.
/// </summary>
internal static class WriteMoveCheck
{
    /// <param name="alsoMoving">Earlier writes of the same block that move to the same place, in order, so this one does not jump over them.</param>
    public static bool KeepsMeaning(
        SemanticModel model,
        BlockSyntax block,
        StatementSyntax deferredStatement,
        ExpressionStatementSyntax write,
        IReadOnlyCollection<StatementSyntax> alsoMoving,
        CancellationToken cancellationToken)
    {
        var statements = block.Statements;
        var from = statements.IndexOf(deferredStatement);
        var to = statements.IndexOf(write);
        if (from < 0 || to <= from || !IsMovableWrite(model.GetOperation(write.Expression, cancellationToken)))
        {
            return false;
        }

        var writeFlow = model.AnalyzeDataFlow(write);
        if (writeFlow is not { Succeeded: true })
        {
            return false;
        }

        var writeUses = writeFlow.ReadInside.Union(writeFlow.WrittenInside, SymbolEqualityComparer.Default).ToList();
        for (var index = from; index < to; index++)
        {
            var jumped = statements[index];
            if (alsoMoving.Contains(jumped))
            {
                continue;
            }

            if (index != from && !IsPlainLocalComputation(model, jumped, cancellationToken))
            {
                return false;
            }

            var flow = model.AnalyzeDataFlow(jumped);
            if (flow is not { Succeeded: true }
                || Overlaps(flow.VariablesDeclared, writeUses)
                || Overlaps(flow.WrittenInside, writeFlow.ReadInside)
                || Overlaps(flow.ReadInside, writeFlow.WrittenInside)
                || Overlaps(flow.WrittenInside, writeFlow.WrittenInside))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Overlaps(IEnumerable<ISymbol> first, IEnumerable<ISymbol> second) =>
        first.Intersect(second, SymbolEqualityComparer.Default).Any();

    /// <summary>An assignment, compound assignment, increment or call that writes memory on a stable path from pure inputs.</summary>
    private static bool IsMovableWrite(IOperation? operation) => operation switch
    {
        ISimpleAssignmentOperation assignment => IsMemoryLocation(assignment.Target) && IsPure(assignment.Value),
        ICompoundAssignmentOperation compound => compound.OperatorMethod is null && IsMemoryLocation(compound.Target) && IsPure(compound.Value),
        IIncrementOrDecrementOperation increment => increment.OperatorMethod is null && IsMemoryLocation(increment.Target),
        IInvocationOperation call => (call.Instance is null || IsPath(call.Instance))
            && call.Arguments.All(argument => argument.ArgumentKind == ArgumentKind.Explicit && (IsPure(argument.Value) || IsPath(argument.Value))),
        _ => false,
    };

    /// <summary>Memory, not a variable: a member or element reached through a <see cref="IsPath"/>.</summary>
    private static bool IsMemoryLocation(IOperation target) =>
        target is not (ILocalReferenceOperation or IParameterReferenceOperation) && IsPath(target);

    /// <summary>
    /// The way to some memory: members, elements and view calls rooted at a local, a parameter or <c>this</c>
    /// of a reference type (a struct local would be copied, so moving a write to it could change a copy).
    /// </summary>
    private static bool IsPath(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => !local.Local.IsRef && local.Local.Type.IsReferenceType,
        IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None && parameter.Parameter.Type.IsReferenceType,
        IInstanceReferenceOperation instance => instance.Type?.IsReferenceType == true,
        IFieldReferenceOperation field => field.Instance is not null && IsPath(field.Instance),
        IPropertyReferenceOperation property => property.Instance is not null && IsPath(property.Instance)
            && property.Arguments.All(argument => IsPure(argument.Value)),
        IArrayElementReferenceOperation element => IsPath(element.ArrayReference) && element.Indices.All(IsPure),
        IInvocationOperation view => (view.Instance is null || IsPath(view.Instance))
            && view.Arguments.All(argument => argument.ArgumentKind == ArgumentKind.Explicit && (IsPure(argument.Value) || IsPath(argument.Value))),
        IConversionOperation conversion => conversion.OperatorMethod is null && IsPath(conversion.Operand),
        _ => false,
    };

    /// <summary>A value computed from constants, locals and parameters only: no call, no memory read.</summary>
    private static bool IsPure(IOperation operation) => operation.ConstantValue.HasValue || operation switch
    {
        ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or ISizeOfOperation or INameOfOperation => true,
        ILocalReferenceOperation local => !local.Local.IsRef,
        IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None,
        IConversionOperation conversion => conversion.OperatorMethod is null && IsPure(conversion.Operand),
        IBinaryOperation binary => binary.OperatorMethod is null && IsPure(binary.LeftOperand) && IsPure(binary.RightOperand),
        IUnaryOperation unary => unary.OperatorMethod is null && IsPure(unary.Operand),
        IConditionalOperation conditional => IsPure(conditional.Condition) && IsPure(conditional.WhenTrue)
            && conditional.WhenFalse is { } whenFalse && IsPure(whenFalse),
        _ => false,
    };

    /// <summary>
    /// A statement that only declares, reads and writes plain locals and parameters: it cannot see or change
    /// the memory the write touches, and it always falls through to the next statement.
    /// </summary>
    private static bool IsPlainLocalComputation(SemanticModel model, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(statement, cancellationToken);
        return operation is not null && operation.DescendantsAndSelf().All(IsLocalOnlyStep);
    }

    private static bool IsLocalOnlyStep(IOperation operation) => operation.ConstantValue.HasValue || operation switch
    {
        IExpressionStatementOperation or IVariableDeclarationGroupOperation or IVariableDeclarationOperation
            or IVariableDeclaratorOperation or IVariableInitializerOperation or IBlockOperation or IEmptyOperation => true,
        ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or ISizeOfOperation or INameOfOperation => true,
        ILocalReferenceOperation local => !local.Local.IsRef,
        IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None,
        ISimpleAssignmentOperation assignment => !assignment.IsRef && IsVariable(assignment.Target),
        ICompoundAssignmentOperation compound => compound.OperatorMethod is null && IsVariable(compound.Target),
        IIncrementOrDecrementOperation increment => increment.OperatorMethod is null && IsVariable(increment.Target),
        IConversionOperation conversion => conversion.OperatorMethod is null,
        IBinaryOperation binary => binary.OperatorMethod is null,
        IUnaryOperation unary => unary.OperatorMethod is null,
        IConditionalOperation conditional => !conditional.IsRef,
        _ => false,
    };

    private static bool IsVariable(IOperation target) =>
        target is ILocalReferenceOperation or IParameterReferenceOperation;
}
