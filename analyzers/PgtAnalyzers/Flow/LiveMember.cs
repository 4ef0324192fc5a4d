using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

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
