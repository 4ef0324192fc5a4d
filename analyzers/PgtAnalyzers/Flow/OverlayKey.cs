using System;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>One overlay member of one object value: (owner, group, member).</summary>
internal readonly struct OverlayKey : IEquatable<OverlayKey>
{
    public OverlayKey(int owner, string group, ISymbol member)
    {
        Owner = owner;
        Group = group;
        Member = member;
    }

    public int Owner { get; }

    public string Group { get; }

    public ISymbol Member { get; }

    public bool Equals(OverlayKey other) =>
        Owner == other.Owner
        && string.Equals(Group, other.Group, StringComparison.Ordinal)
        && SymbolEqualityComparer.Default.Equals(Member, other.Member);

    public override bool Equals(object? obj) => obj is OverlayKey other && Equals(other);

    public override int GetHashCode() =>
        (Owner * 397) ^ StringComparer.Ordinal.GetHashCode(Group) ^ SymbolEqualityComparer.Default.GetHashCode(Member);
}
