using System;

namespace PgtAnalyzers.Flow;

/// <summary>"This overlay member is live" (claimed, not released), on all or some paths, blaming the claim.</summary>
internal sealed class LiveFact : IEquatable<LiveFact>, IJoinableFact<LiveFact>
{
    public LiveFact(Certainty certainty, EarlierCall claim)
    {
        Certainty = certainty;
        Claim = claim;
    }

    public Certainty Certainty { get; }

    public EarlierCall Claim { get; }

    public LiveFact Join(LiveFact? other)
    {
        if (other is null)
        {
            return Certainty == Certainty.OnSomePaths ? this : new LiveFact(Certainty.OnSomePaths, Claim);
        }

        var certainty = Certainty == Certainty.OnAllPaths && other.Certainty == Certainty.OnAllPaths
            ? Certainty.OnAllPaths
            : Certainty.OnSomePaths;
        return new LiveFact(certainty, EarlierCall.First(Claim, other.Claim));
    }

    public bool Equals(LiveFact? other) => other is not null && Certainty == other.Certainty && Claim.Equals(other.Claim);

    public override bool Equals(object? obj) => Equals(obj as LiveFact);

    public override int GetHashCode() => Claim.GetHashCode() ^ (int)Certainty;
}
