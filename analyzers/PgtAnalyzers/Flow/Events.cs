using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Annotations;

namespace PgtAnalyzers.Flow;

// The facts the engine hands to the rules at each relevant use, in the final (reporting) pass only.
// Each rule decides from them whether the use is a violation; the engine never reports by itself.

/// <summary>Something written through a value: an element, a field, a <c>[Writes]</c> argument, a <c>ref</c>.</summary>
internal sealed class WriteEvent
{
    public WriteEvent(IOperation target, string writtenText, DeferredFact? deferred, Certainty certainty)
    {
        Target = target;
        WrittenText = writtenText;
        Deferred = deferred;
        Certainty = certainty;
    }

    /// <summary>The written location (<c>table[1]</c>) or the <c>[Writes]</c> argument; the diagnostic's span.</summary>
    public IOperation Target { get; }

    /// <summary>The value written through, as written (<c>alias</c>, <c>table.AsListHead()</c>).</summary>
    public string WrittenText { get; }

    /// <summary>The strongest deferred-free fact on the value or anything it is a view of; null if none.</summary>
    public DeferredFact? Deferred { get; }

    /// <summary>On all paths only when the written value is known exactly and was deferred on all paths.</summary>
    public Certainty Certainty { get; }
}

/// <summary>A value passed to a <c>[DeferredFree]</c> parameter.</summary>
internal sealed class DeferredFreeEvent
{
    public DeferredFreeEvent(IOperation argument, string valueText, DeferredFact? previous, Certainty certainty)
    {
        Argument = argument;
        ValueText = valueText;
        Previous = previous;
        Certainty = certainty;
    }

    public IOperation Argument { get; }

    public string ValueText { get; }

    /// <summary>The value's deferred-free fact before this call; null if it was not deferred.</summary>
    public DeferredFact? Previous { get; }

    public Certainty Certainty { get; }
}

/// <summary>One live overlay member of the same object and group, seen at an access.</summary>
internal sealed class LiveMember
{
    public LiveMember(ISymbol member, LiveFact fact, Certainty certainty)
    {
        Member = member;
        Fact = fact;
        Certainty = certainty;
    }

    public ISymbol Member { get; }

    public LiveFact Fact { get; }

    public Certainty Certainty { get; }
}

/// <summary>A use of an overlay member: a claim, a release, a read or a write.</summary>
internal sealed class OverlayAccessEvent
{
    public OverlayAccessEvent(
        IOperation memberReference, OverlayAccess access, ISymbol member, string group, IReadOnlyList<LiveMember> live, IMethodSymbol? containingMethod, ContractIndex contracts)
    {
        Contracts = contracts;
        MemberReference = memberReference;
        Access = access;
        Member = member;
        Group = group;
        Live = live;
        ContainingMethod = containingMethod;
    }

    /// <summary>The member as used (<c>page.RcuHead</c>): the diagnostic's span.</summary>
    public IOperation MemberReference { get; }

    public OverlayAccess Access { get; }

    public ISymbol Member { get; }

    public string Group { get; }

    /// <summary>Members of the same group of the same object that are live just before the access (this one included).</summary>
    public IReadOnlyList<LiveMember> Live { get; }

    /// <summary>The method whose body is analysed, to search its type for a release method.</summary>
    public IMethodSymbol? ContainingMethod { get; }

    public ContractIndex Contracts { get; }
}

/// <summary>An argument of a <c>[RequiresMm]</c> parameter.</summary>
internal sealed class MmArgumentEvent
{
    public MmArgumentEvent(
        IArgumentOperation argument, IMethodSymbol callee, IParameterSymbol parameter, NoMmContext? noMm, IReadOnlyList<TrackedValue> values)
    {
        Argument = argument;
        Callee = callee;
        Parameter = parameter;
        NoMm = noMm;
        Values = values;
    }

    public IArgumentOperation Argument { get; }

    public IMethodSymbol Callee { get; }

    public IParameterSymbol Parameter { get; }

    /// <summary>Set when the body runs where there is no mm.</summary>
    public NoMmContext? NoMm { get; }

    /// <summary>Every value the argument may hold at this point (more than one after a merge).</summary>
    public IReadOnlyList<TrackedValue> Values { get; }
}
