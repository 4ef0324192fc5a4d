using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>Whether a local or parameter is ever given another value inside a body (its declaration aside).</summary>
internal static class VariableWrites
{
    public static bool IsReassigned(IOperation body, ISymbol variable) =>
        body.DescendantsAndSelf().Any(operation => operation switch
        {
            IAssignmentOperation assignment => Writes(assignment.Target, variable),
            IIncrementOrDecrementOperation increment => Refers(increment.Target, variable),
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out && Refers(argument.Value, variable),
            _ => false,
        });

    /// <summary>A plain target, or any variable of a deconstruction target <c>(a, b) = ...</c>.</summary>
    private static bool Writes(IOperation target, ISymbol variable) =>
        Refers(target, variable) || (target is ITupleOperation or IDeclarationExpressionOperation
            && target.DescendantsAndSelf().Any(part => Refers(part, variable)));

    private static bool Refers(IOperation operation, ISymbol variable) => operation switch
    {
        ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, variable),
        IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, variable),
        _ => false,
    };
}
