using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Everything one body's analysis needs besides the state: the contracts, the values, where the final pass
/// records its events, and what the body tells about the bodies nested in it (lambdas seen, code passed to
/// <c>[NoMm]</c>). Nothing in it depends on the rule: the events are replayed to each rule afterwards.
/// </summary>
internal sealed class BodyWorkspace
{
    public BodyWorkspace(ContractIndex contracts, IMethodSymbol? method, HierarchyOverlayLiveness? hierarchy = null)
    {
        Contracts = contracts;
        Method = method;
        Hierarchy = hierarchy;
    }

    public ContractIndex Contracts { get; }

    public ValueTable Values { get; } = new();

    /// <summary>Overlay memberships that outlive a method, by type hierarchy; null when not seeded (analysing the hierarchy itself).</summary>
    public HierarchyOverlayLiveness? Hierarchy { get; }

    /// <summary>Call results looked up from a parameter (<c>virt_to_page(table)</c>): objects that existed before the body ran.</summary>
    public HashSet<int> Received { get; } = new();

    /// <summary>The body's variables, numbered for its flow states.</summary>
    public BindingSlots Slots { get; } = new();

    /// <summary>The method, lambda or local function whose body this is.</summary>
    public IMethodSymbol? Method { get; }

    /// <summary>
    /// The final pass's events in the order it met them (<see cref="WriteEvent"/>, <see cref="DeferredFreeEvent"/>,
    /// <see cref="OverlayAccessEvent"/>, <see cref="MmArgumentEvent"/>).
    /// </summary>
    public List<FlowEvent> Events { get; } = new();

    /// <summary>Lambdas met in the body, in the order the reporting pass met them.</summary>
    public List<IFlowAnonymousFunctionOperation> Lambdas { get; } = new();

    /// <summary>Lambdas and local functions passed to a <c>[NoMm]</c> parameter in this body.</summary>
    public Dictionary<ISymbol, NoMmContext> PassedToNoMm { get; } = new(SymbolEqualityComparer.Default);
}
