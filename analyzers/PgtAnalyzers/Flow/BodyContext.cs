using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PgtAnalyzers.Annotations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Everything one body's analysis needs besides the state: the rule, its sink, the contracts, the values,
/// and what the body tells about the bodies nested in it (lambdas seen, code passed to <c>[NoMm]</c>).
/// </summary>
internal sealed class BodyContext
{
    public BodyContext(FlowRuleAnalyzer rule, FindingSink sink, ContractIndex contracts, IMethodSymbol? method, NoMmContext? noMm)
    {
        Rule = rule;
        Sink = sink;
        Contracts = contracts;
        Method = method;
        NoMm = noMm;
    }

    public FlowRuleAnalyzer Rule { get; }

    public FindingSink Sink { get; }

    public ContractIndex Contracts { get; }

    public ValueTable Values { get; } = new();

    /// <summary>The body's variables, numbered for its flow states.</summary>
    public BindingSlots Slots { get; } = new();

    /// <summary>The method, lambda or local function whose body this is.</summary>
    public IMethodSymbol? Method { get; }

    /// <summary>Set when the whole body runs where there is no mm.</summary>
    public NoMmContext? NoMm { get; }

    /// <summary>Lambdas met in the body, in the order the reporting pass met them.</summary>
    public List<IFlowAnonymousFunctionOperation> Lambdas { get; } = new();

    /// <summary>Lambdas and local functions passed to a <c>[NoMm]</c> parameter in this body.</summary>
    public Dictionary<ISymbol, NoMmContext> PassedToNoMm { get; } = new(SymbolEqualityComparer.Default);
}
