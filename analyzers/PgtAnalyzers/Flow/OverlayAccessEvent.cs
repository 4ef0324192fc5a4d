using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>A use of an overlay member: a claim, a release, a read or a write.</summary>
internal sealed class OverlayAccessEvent : FlowEvent
{
    public OverlayAccessEvent(
        IOperation memberReference, OverlayAccess access, ISymbol member, string group, IReadOnlyList<LiveMember> live, IMethodSymbol? containingMethod, ContractIndex contracts, string? text = null)
    {
        _text = text;
        Contracts = contracts;
        MemberReference = memberReference;
        Access = access;
        Member = member;
        Group = group;
        Live = live;
        ContainingMethod = containingMethod;
    }

    private string? _text;

    /// <summary>The member as used (<c>page.RcuHead</c>), or the argument a callee's inferred effect acts through: the diagnostic's span.</summary>
    public IOperation MemberReference { get; }

    /// <summary>The member as the message names it: as written, or for an inferred effect the argument's (<c>page.Lru</c> for <c>List(page)</c>).</summary>
    public string Text => _text ??= MemberTexts.OfReference(MemberReference.Syntax);

    public OverlayAccess Access { get; }

    public ISymbol Member { get; }

    public string Group { get; }

    /// <summary>Members of the same group of the same object that are live just before the access (this one included).</summary>
    public IReadOnlyList<LiveMember> Live { get; }

    /// <summary>The method whose body is analysed, to search its type for a release method.</summary>
    public IMethodSymbol? ContainingMethod { get; }

    public ContractIndex Contracts { get; }
}
