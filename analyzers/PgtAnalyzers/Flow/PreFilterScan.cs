using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The cheap pre-filter: which annotated things a body touches, found by one walk of its bound operations.
/// A body that touches nothing a rule cares about is never flow-analysed for that rule.
/// </summary>
internal readonly struct PreFilterScan
{
    private PreFilterScan(ParameterContract contracts, bool touchesOverlay)
    {
        Contracts = contracts;
        TouchesOverlay = touchesOverlay;
    }

    /// <summary>The union of the contracts of every parameter the body passes arguments to or declares.</summary>
    public ParameterContract Contracts { get; }

    /// <summary>True when the body reads, writes, claims or releases an <c>[Overlay]</c> member.</summary>
    public bool TouchesOverlay { get; }

    public bool Touches(ParameterContract contract) => (Contracts & contract) != 0;

    public static PreFilterScan Of(IEnumerable<IOperation> roots, ISymbol owningSymbol, ContractIndex contracts) =>
        Of(roots, owningSymbol, contracts, summaries: null, summaryDepth: 0, CancellationToken.None);

    /// <summary>
    /// As above, and an argument to an unannotated parameter of a method in source counts with the attributes
    /// its inferred summary stands for (<paramref name="summaryDepth"/> calls deep), so a body whose only link
    /// to an annotation is such a helper is analysed.
    /// </summary>
    public static PreFilterScan Of(IEnumerable<IOperation> roots, ISymbol owningSymbol, ContractIndex contracts, MethodSummaries? summaries, int summaryDepth, CancellationToken cancellationToken)
    {
        var found = ParameterContract.None;
        var overlay = false;
        if (owningSymbol is IMethodSymbol owner)
        {
            found |= ContractsOf(owner, contracts);
        }

        // An explicit stack, not recursion: generated code can nest expressions thousands deep.
        var pending = new Stack<IOperation>(32);
        foreach (var root in roots)
        {
            pending.Push(root);
        }

        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            Note(operation, contracts, ref found, ref overlay);
            if (summaries is not null && operation is IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol callee } argument
                && contracts.Of(argument.Parameter) == ParameterContract.None && summaries.CanSummarise(callee, argument.Parent))
            {
                var inferred = summaries.Of(callee, summaryDepth, cancellationToken, includeWrites: false).Contracts;
                found |= inferred;
                overlay |= (inferred & (ParameterContract.Claims | ParameterContract.Releases)) != 0;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return new PreFilterScan(found, overlay);
    }

    private static void Note(IOperation operation, ContractIndex contracts, ref ParameterContract found, ref bool overlay)
    {
        switch (operation)
        {
            case IArgumentOperation argument:
                found |= contracts.Of(argument.Parameter);
                break;
            case IPropertyReferenceOperation property:
                overlay |= contracts.OverlayGroupOf(property.Property) is not null;
                if (property.Property.SetMethod is { } setter && IsAssignedTo(property))
                {
                    found |= ContractsOf(setter, contracts);
                }

                break;
            case IBinaryOperation { OperatorMethod: { } method }:
                found |= ContractsOf(method, contracts);
                break;
            case ICompoundAssignmentOperation { OperatorMethod: { } method }:
                found |= ContractsOf(method, contracts);
                break;
            case IUnaryOperation { OperatorMethod: { } method }:
                found |= ContractsOf(method, contracts);
                break;
            case IConversionOperation { OperatorMethod: { } method }:
                found |= ContractsOf(method, contracts);
                break;
            case IFieldReferenceOperation field:
                overlay |= contracts.OverlayGroupOf(field.Field) is not null;
                break;
            case IAnonymousFunctionOperation lambda:
                found |= ContractsOf(lambda.Symbol, contracts);
                break;
            case ILocalFunctionOperation local:
                found |= ContractsOf(local.Symbol, contracts);
                break;
        }
    }

    /// <summary>The target of an assignment, or a leaf of a deconstruction's target (<c>(x.Retired, y) = ...</c>).</summary>
    private static bool IsAssignedTo(IOperation target)
    {
        var leaf = target;
        var parent = target.Parent;
        while (parent is ITupleOperation tuple)
        {
            leaf = tuple;
            parent = tuple.Parent;
        }

        return parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == target,
            IDeconstructionAssignmentOperation deconstruction => deconstruction.Target == leaf && leaf != target,
            _ => false,
        };
    }

    private static ParameterContract ContractsOf(IMethodSymbol method, ContractIndex contracts)
    {
        var found = ParameterContract.None;
        foreach (var parameter in method.Parameters)
        {
            found |= contracts.Of(parameter);
        }

        return found;
    }
}
