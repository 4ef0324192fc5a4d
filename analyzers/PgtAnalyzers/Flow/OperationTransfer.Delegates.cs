using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Delegates made from lambdas or local functions that assign variables of this body: run where they are called.
internal sealed partial class OperationTransfer
{
    /// <summary>
    /// After a call: a delegate called here (<c>renew()</c>, <c>take?.Invoke()</c>) that is one lambda of this
    /// body without branches gives the variables it assigns their new values (a copy of another variable,
    /// <c>() =&gt; t = table</c>, or a value the flow does not know); a lambda with branches, one of several, or
    /// one that may be another delegate, gives them those beside what they held. A delegate passed to a call may run in that call or any later one
    /// (<see cref="FlowState.RenewByEscaped"/>): the variables it assigns may hold a value the flow does not know.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ApplyDelegates(IMethodSymbol? method, ValueSet receivers, ImmutableArray<IArgumentOperation> arguments, EvaluatedArgument[] evaluated)
    {
        if (method is { MethodKind: MethodKind.DelegateInvoke })
        {
            RunDelegates(receivers);
        }

        for (var i = 0; i < arguments.Length && i < evaluated.Length; i++)
        {
            if (arguments[i].Value.Type is { TypeKind: TypeKind.Delegate })
            {
                MarkEscaped(evaluated[i].Values);
            }
        }

        if (_state.HasRenewedByEscaped)
        {
            _state.RenewByEscaped();
        }
    }

    /// <summary>A delegate stored in a field, property or element (<c>_onDone = renew;</c>) may run in any later call, as one passed to a call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NoteStoredDelegate(IOperation value, ValueSet stored)
    {
        if (value.Type is { TypeKind: TypeKind.Delegate })
        {
            MarkEscaped(stored);
        }
    }

    private void RunDelegates(ValueSet receivers)
    {
        for (var i = 0; i < receivers.Count; i++)
        {
            if (DelegateAssignmentsOf(receivers[i]) is not { } assigned)
            {
                continue;
            }

            var certain = receivers.IsSingle && assigned.IsStraight;

            // Read every copied variable before binding any: the lambda's assignments read the state it started from.
            var values = new ValueSet[assigned.Variables.Length];
            for (var j = 0; j < values.Length; j++)
            {
                var fresh = assigned.Copied[j] is { } source ? _state.Lookup(source) : ValueSet.Unknown;
                values[j] = certain ? fresh : _state.Lookup(assigned.Variables[j]).Union(fresh);
            }

            for (var j = 0; j < values.Length; j++)
            {
                _state.Bind(assigned.Variables[j], values[j]);
            }
        }
    }

    private void MarkEscaped(ValueSet delegates)
    {
        for (var i = 0; i < delegates.Count; i++)
        {
            if (DelegateAssignmentsOf(delegates[i]) is { } assigned)
            {
                foreach (var variable in assigned.Variables)
                {
                    _state.MarkRenewedByEscaped(variable);
                }
            }
        }
    }

    /// <summary>What the delegate value <paramref name="id"/> assigns when it runs, when it is a lambda or local function of this body; null otherwise.</summary>
    private DelegateAssignments? DelegateAssignmentsOf(int id)
    {
        if (id == ValueTable.UnknownId || id == ValueTable.NullId
            || Values[id].Origin is not IDelegateCreationOperation { Target: var target })
        {
            return null;
        }

        switch (target)
        {
            case IFlowAnonymousFunctionOperation lambda:
                try
                {
                    return _captures.AssignedBy(lambda, _body.CancellationToken);
                }
                catch (ArgumentException)
                {
                    // Not a lambda of this graph: what it assigns is not known here.
                    return null;
                }

            case IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } function }
                when _body.Summaries is { } summaries && summaries.CanSummarise(function):
                return DelegateAssignments.Unknown(summaries.AssignedCaptures(function, _body.CancellationToken));
            default:
                return null;
        }
    }
}
