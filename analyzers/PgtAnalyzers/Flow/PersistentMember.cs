using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>An overlay member that may be live on entry to a method of a hierarchy, and the method and line that left it live.</summary>
internal sealed class PersistentMember
{
    public PersistentMember(ISymbol member, string group, EarlierCall blame)
    {
        Member = member;
        Group = group;
        Blame = blame;
    }

    public ISymbol Member { get; }

    public string Group { get; }

    public EarlierCall Blame { get; }
}
