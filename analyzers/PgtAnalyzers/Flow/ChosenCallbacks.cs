using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The code an argument to a <c>[NoMm]</c> parameter may run: every lambda, anonymous method and method
/// reference that is a possible value of it, through conversions (not user-defined ones) and delegate
/// creations (<c>(RcuCallback)(h => ...)</c>, <c>new RcuCallback(M)</c>), both branches of <c>?:</c>, every arm
/// of a <c>switch</c> expression and both operands of <c>??</c>, nested. A condition, a switch's governing
/// expression or an arm's pattern or <c>when</c> clause is not a value of the argument, nor is code passed to a
/// call that computes it. A delegate read from a variable is not followed.
/// <para>The one answer for both ways a body is found to run without an mm, so they cannot drift: lambdas and
/// local functions (<see cref="OperationTransfer"/>, over a flow graph, where those choices are lowered into
/// flow captures: pass <c>definitionsOf</c>) and methods passed as method groups
/// (<see cref="MethodGroupPassedToNoMm"/>, over the bound tree).</para>
/// </summary>
internal static class ChosenCallbacks
{
    /// <param name="value">The argument's value.</param>
    /// <param name="definitionsOf">In a flow graph, the values each flow capture is given; null in a bound tree.</param>
    /// <returns>
    /// <see cref="IAnonymousFunctionOperation"/>, <see cref="IFlowAnonymousFunctionOperation"/> and
    /// <see cref="IMethodReferenceOperation"/> operations, in source order.
    /// </returns>
    public static List<IOperation> Of(IOperation value, Func<CaptureId, IReadOnlyList<IOperation>>? definitionsOf = null)
    {
        var found = new List<IOperation>();
        HashSet<CaptureId>? followed = null;

        // An explicit stack: choices can nest deeply. Pushed in reverse, so popped in source order.
        var pending = new Stack<IOperation>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            switch (operation)
            {
                case IConversionOperation { OperatorMethod: null } conversion:
                    pending.Push(conversion.Operand);
                    break;
                case IParenthesizedOperation parenthesized:
                    pending.Push(parenthesized.Operand);
                    break;
                case IDelegateCreationOperation creation:
                    pending.Push(creation.Target);
                    break;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    pending.Push(whenFalse);
                    pending.Push(conditional.WhenTrue);
                    break;
                case ISwitchExpressionOperation switchExpression:
                    for (var i = switchExpression.Arms.Length - 1; i >= 0; i--)
                    {
                        pending.Push(switchExpression.Arms[i].Value);
                    }

                    break;
                case ICoalesceOperation coalesce:
                    pending.Push(coalesce.WhenNull);
                    pending.Push(coalesce.Value);
                    break;
                case IFlowCaptureReferenceOperation reference when definitionsOf is not null && (followed ??= new HashSet<CaptureId>()).Add(reference.Id):
                    var definitions = definitionsOf(reference.Id);
                    for (var i = definitions.Count - 1; i >= 0; i--)
                    {
                        pending.Push(definitions[i]);
                    }

                    break;
                case IAnonymousFunctionOperation or IFlowAnonymousFunctionOperation or IMethodReferenceOperation:
                    found.Add(operation);
                    break;
            }
        }

        return found;
    }
}
