using System;

namespace PgtAnalyzers.Flow;

/// <summary>"This value was handed to deferred freeing", on all or some paths, blaming one call.</summary>
internal sealed class DeferredFact : IEquatable<DeferredFact>, IJoinableFact<DeferredFact>
{
    public DeferredFact(Certainty certainty, EarlierCall origin, bool byOwnContract)
    {
        Certainty = certainty;
        Origin = origin;
        ByOwnContract = byOwnContract;
    }

    public Certainty Certainty { get; }

    public EarlierCall Origin { get; }

    /// <summary>
    /// True when the value is the body's own <c>[DeferredFree]</c> parameter and has not been passed on yet:
    /// it is read-only, but passing it on once is its purpose, not a double free.
    /// </summary>
    public bool ByOwnContract { get; }

    public DeferredFact Join(DeferredFact? other)
    {
        if (other is null)
        {
            return Certainty == Certainty.OnSomePaths ? this : new DeferredFact(Certainty.OnSomePaths, Origin, ByOwnContract);
        }

        var certainty = Certainty == Certainty.OnAllPaths && other.Certainty == Certainty.OnAllPaths
            ? Certainty.OnAllPaths
            : Certainty.OnSomePaths;
        var origin = EarlierCall.First(Origin, other.Origin);
        var byContract = ReferenceEquals(origin, Origin) ? ByOwnContract : other.ByOwnContract;
        return new DeferredFact(certainty, origin, byContract);
    }

    public bool Equals(DeferredFact? other) =>
        other is not null && Certainty == other.Certainty && ByOwnContract == other.ByOwnContract && Origin.Equals(other.Origin);

    public override bool Equals(object? obj) => Equals(obj as DeferredFact);

    public override int GetHashCode() => Origin.GetHashCode() ^ (int)Certainty;
}
