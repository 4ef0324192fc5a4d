using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

// Mm (PGT003): the values passed as an mm, and code passed where there is no mm.
internal sealed partial class OperationTransfer
{
    /// <param name="via">For an mm parameter inferred from the callee's body: the call, blamed through that body.</param>
    private void ReportMmArgument(IOperation call, IOperation argument, IMethodSymbol callee, IParameterSymbol parameter, ValueSet values, EarlierCall? via = null)
    {
        if (!_reporting)
        {
            return;
        }

        if (_body.RecordsEffects)
        {
            RecordParameterEffect(PgtAnalyzers.Contracts.ParameterContract.RequiresMm, values, throughViews: false, via ?? EarlierCall.ForCall(call, callee), via?.Through?.Certainty ?? Certainty.OnAllPaths);
        }


        var tracked = new List<TrackedValue>();
        for (var i = 0; i < values.Count; i++)
        {
            tracked.Add(Values[values[i]]);
        }

        _body.Events.Add(new MmArgumentEvent(argument, callee, parameter, noMm: null, tracked, via));
    }

    /// <summary>
    /// A lambda or local function passed to a <c>[NoMm]</c> parameter runs where there is no mm: every one that
    /// is a possible value of the argument (<see cref="ChosenCallbacks"/>: <c>cb ? h => ... : null</c>, a
    /// <c>switch</c> expression's arms, <c>custom ?? Fallback</c>).
    /// </summary>
    private void NoteNoMmTarget(IOperation argument, IOperation call, IMethodSymbol? method, IParameterSymbol parameter)
    {
        foreach (var target in ChosenCallbacks.Of(argument, _captures.DefinitionsOf))
        {
            ISymbol? code = target switch
            {
                IFlowAnonymousFunctionOperation lambda => lambda.Symbol,
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference => reference.Method.OriginalDefinition,
                _ => null,
            };
            if (code is null || _body.PassedToNoMm.ContainsKey(code))
            {
                continue;
            }

            var origin = EarlierCall.ForCall(call, method);
            _body.PassedToNoMm.Add(code, new NoMmContext(
                origin,
                $"the code is passed to [NoMm] parameter '{parameter.Name}' of '{origin.Name}' on line {origin.Line}: there is no mm there"));
        }
    }
}
