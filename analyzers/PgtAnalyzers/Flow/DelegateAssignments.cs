using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.Flow;

/// <summary>
/// What a lambda assigns of the variables it captures (<see cref="GraphCaptures.AssignedBy"/>): the variables,
/// for each the captured variable it copies (<c>() =&gt; t = table</c>) when that is its only assignment, and
/// whether the lambda has no branches, so that running it certainly assigns them.
/// </summary>
internal sealed class DelegateAssignments
{
    public static readonly DelegateAssignments None = new(ImmutableArray<ISymbol>.Empty, ImmutableArray<ISymbol?>.Empty, straight: true);

    private DelegateAssignments(ImmutableArray<ISymbol> variables, ImmutableArray<ISymbol?> copied, bool straight)
    {
        Variables = variables;
        Copied = copied;
        IsStraight = straight;
    }

    /// <summary>A local function's assigned captures: none known to be a copy.</summary>
    public static DelegateAssignments Unknown(ImmutableArray<ISymbol> variables)
    {
        if (variables.IsDefaultOrEmpty)
        {
            return None;
        }

        var copied = ImmutableArray.CreateBuilder<ISymbol?>(variables.Length);
        for (var i = 0; i < variables.Length; i++)
        {
            copied.Add(null);
        }

        return new DelegateAssignments(variables, copied.MoveToImmutable(), straight: true);
    }

    /// <summary>The captured variables the lambda may assign.</summary>
    public ImmutableArray<ISymbol> Variables { get; }

    /// <summary>For each of <see cref="Variables"/>, the captured variable it is given a copy of when it is assigned (its only assignment), or null.</summary>
    public ImmutableArray<ISymbol?> Copied { get; }

    /// <summary>
    /// True when running the delegate certainly assigns every one of <see cref="Variables"/>: a lambda without
    /// branches (a local function made a delegate counts as one, as at its direct calls). Otherwise each may
    /// keep what it held.
    /// </summary>
    public bool IsStraight { get; }

    public static DelegateAssignments Of(ControlFlowGraph graph, TextSpan lambdaSpan)
    {
        var order = new List<ISymbol>();
        var copied = new Dictionary<ISymbol, ISymbol?>(SymbolEqualityComparer.Default);
        var straight = graph.Blocks.Length <= 3;
        var pending = new Stack<IOperation>();
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                pending.Push(operation);
            }

            if (block.BranchValue is not null)
            {
                pending.Push(block.BranchValue);
            }
        }

        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IFlowAnonymousFunctionOperation)
            {
                continue;
            }

            if (Captured(operation, lambdaSpan) is { } variable && MayChange(operation))
            {
                var source = operation.Parent is ISimpleAssignmentOperation { IsRef: false } assignment && assignment.Target == operation
                    ? Captured(Strip(assignment.Value), lambdaSpan)
                    : null;
                if (copied.ContainsKey(variable))
                {
                    copied[variable] = null;
                }
                else
                {
                    order.Add(variable);
                    copied.Add(variable, source);
                }
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        if (order.Count == 0)
        {
            return None;
        }

        var sources = ImmutableArray.CreateBuilder<ISymbol?>(order.Count);
        foreach (var variable in order)
        {
            sources.Add(copied[variable]);
        }

        return new DelegateAssignments(order.ToImmutableArray(), sources.MoveToImmutable(), straight);
    }

    /// <summary>A local or parameter declared outside the lambda that <paramref name="operation"/> names, or null.</summary>
    private static ISymbol? Captured(IOperation operation, TextSpan lambdaSpan)
    {
        ISymbol? variable = operation switch
        {
            ILocalReferenceOperation { Local.IsRef: false } local => local.Local,
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => parameter.Parameter,
            _ => null,
        };
        return variable is not null && variable.Locations.Length > 0 && variable.Locations[0].IsInSource
            && variable.Locations[0].SourceTree == operation.Syntax.SyntaxTree
            && !lambdaSpan.Contains(variable.Locations[0].SourceSpan)
            ? variable
            : null;
    }

    private static IOperation Strip(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool MayChange(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In } => true,
        ITupleOperation or IDeclarationExpressionOperation => true,
        IAddressOfOperation => true,
        IFlowCaptureOperation => true, // captured before a value with branches (`t = c ? a : b`): may be assigned
        _ => false,
    };
}
