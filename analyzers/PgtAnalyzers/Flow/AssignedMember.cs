using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>A member a callee gives a new object: whose (<see cref="Owner"/>), and whether on every path that returns.</summary>
internal readonly struct AssignedMember
{
    /// <summary>The callee's receiver.</summary>
    public const int ThisOwner = -1;

    /// <summary>A static member.</summary>
    public const int StaticOwner = -2;

    public AssignedMember(ISymbol member, int owner, bool certain)
    {
        Member = member;
        Owner = owner;
        Certain = certain;
    }

    public ISymbol Member { get; }

    /// <summary>A parameter's ordinal, <see cref="ThisOwner"/> or <see cref="StaticOwner"/>.</summary>
    public int Owner { get; }

    public bool Certain { get; }
}
