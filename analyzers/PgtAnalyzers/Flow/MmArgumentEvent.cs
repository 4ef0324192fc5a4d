using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>A value passed to a <c>[RequiresMm]</c> parameter (an argument, an operand, a setter's value).</summary>
internal sealed class MmArgumentEvent : FlowEvent
{
    public MmArgumentEvent(
        IOperation argument, IMethodSymbol callee, IParameterSymbol parameter, NoMmContext? noMm, IReadOnlyList<TrackedValue> values, EarlierCall? via = null)
    {
        Via = via;
        Argument = argument;
        Callee = callee;
        Parameter = parameter;
        NoMm = noMm;
        Values = values;
    }

    public IOperation Argument { get; }

    public IMethodSymbol Callee { get; }

    public IParameterSymbol Parameter { get; }

    /// <summary>
    /// Set when the body runs where there is no mm. The analysis records the event without it (finding it
    /// may bind other code of the document); the replay fills it in for the rule that reads it.
    /// </summary>
    public NoMmContext? NoMm { get; }

    public MmArgumentEvent WithNoMm(NoMmContext? noMm) => new(Argument, Callee, Parameter, noMm, Values, Via);

    /// <summary>
    /// Set when the parameter is an mm only by inference: the callee's body passes it on as one (this call,
    /// blamed through that body). Its certainty caps the finding's.
    /// </summary>
    public EarlierCall? Via { get; }

    /// <summary>Every value the argument may hold at this point (more than one after a merge).</summary>
    public IReadOnlyList<TrackedValue> Values { get; }
}
