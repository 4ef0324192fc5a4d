using Microsoft.CodeAnalysis;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// One effect a method's body has on one of its parameters (annotations.md, Contract v2, point 2): it acts
/// at call sites as the matching attribute would, at most as certain as <see cref="Certainty"/>.
/// </summary>
internal sealed class InferredEffect
{
    public InferredEffect(ParameterContract kind, Certainty certainty, EarlierCall inside, ISymbol? member = null, string? group = null, bool transient = false)
    {
        Kind = kind;
        Certainty = certainty;
        Inside = inside;
        Member = member;
        Group = group;
        Transient = transient;
    }

    /// <summary>
    /// For a claim: no path of the callee returns with the member claimed, so the claim is checked against
    /// what is live at the call but leaves nothing live after it.
    /// </summary>
    public bool Transient { get; }

    /// <summary>One of <c>DeferredFree</c>, <c>Writes</c>, <c>Claims</c>, <c>Releases</c>, <c>RequiresMm</c>.</summary>
    public ParameterContract Kind { get; }

    /// <summary>On all paths only when the callee has the effect on every path that returns.</summary>
    public Certainty Certainty { get; }

    /// <summary>Where in the callee's body the effect happens (the call or write a message names).</summary>
    public EarlierCall Inside { get; }

    /// <summary>For a claim, release or assertion: the <c>[Overlay]</c> member of the parameter's object.</summary>
    public ISymbol? Member { get; }

    public string? Group { get; }

    public static Certainty Weaker(Certainty a, Certainty b) => a < b ? a : b;
}
