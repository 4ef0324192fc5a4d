using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// One step of a deconstruction, in source order: a leaf target with its own element of a tuple literal, a
/// leaf target of a part that is not a literal (no value: it gets a new one), or a part evaluated as a whole
/// before its leaves (no target).
/// </summary>
internal sealed class DeconstructionLeaf
{
    private DeconstructionLeaf(IOperation? target, IOperation? value)
    {
        Target = target;
        Value = value;
    }

    public IOperation? Target { get; }

    public IOperation? Value { get; }

    /// <summary>The steps of <c>target = value</c>. Tuples nest without limit: an explicit stack.</summary>
    public static List<DeconstructionLeaf> Of(IOperation target, IOperation value)
    {
        var steps = new List<DeconstructionLeaf>();
        var pending = new Stack<(IOperation Target, IOperation? Value)>();
        pending.Push((target, value));
        while (pending.Count > 0)
        {
            var (next, part) = pending.Pop();
            switch (next)
            {
                case IDeclarationExpressionOperation declaration:
                    pending.Push((declaration.Expression, part));
                    break;
                case ITupleOperation tuple:
                {
                    var literal = part is null ? null : StripConversions(part) as ITupleOperation;
                    if (literal is null || literal.Elements.Length != tuple.Elements.Length)
                    {
                        if (part is not null)
                        {
                            steps.Add(new DeconstructionLeaf(null, part));
                        }

                        literal = null;
                    }

                    for (var i = tuple.Elements.Length - 1; i >= 0; i--)
                    {
                        pending.Push((tuple.Elements[i], literal?.Elements[i]));
                    }

                    break;
                }

                default:
                    steps.Add(new DeconstructionLeaf(next, part));
                    break;
            }
        }

        return steps;
    }

    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
