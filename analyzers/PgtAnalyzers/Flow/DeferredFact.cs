using System;
using System.Collections.Immutable;

namespace PgtAnalyzers.Flow;

/// <summary>"This value was handed to deferred freeing", on all or some paths, blaming one call.</summary>
internal sealed class DeferredFact : IEquatable<DeferredFact>, IJoinableFact<DeferredFact>, IGuardedFact<DeferredFact>
{
    public DeferredFact(Certainty certainty, EarlierCall origin, bool byOwnContract, ImmutableArray<BranchGuards.Guard> guards = default)
    {
        Certainty = certainty;
        Origin = origin;
        ByOwnContract = byOwnContract;
        Guards = guards.IsDefault ? ImmutableArray<BranchGuards.Guard>.Empty : guards;
    }

    public Certainty Certainty { get; }

    public EarlierCall Origin { get; }

    /// <summary>
    /// True when the value is the body's own <c>[DeferredFree]</c> parameter and has not been passed on yet:
    /// it is read-only, but passing it on once is its purpose, not a double free.
    /// </summary>
    public bool ByOwnContract { get; }

    /// <summary>
    /// What held where the value was handed over, on every path this fact comes from (<see cref="BranchGuards"/>):
    /// a use under an opposite guard cannot follow it in the same run.
    /// </summary>
    public ImmutableArray<BranchGuards.Guard> Guards { get; }

    public DeferredFact WithGuards(ImmutableArray<BranchGuards.Guard> guards) => new(Certainty, Origin, ByOwnContract, guards);

    public DeferredFact Join(DeferredFact? other)
    {
        if (other is null)
        {
            return Certainty == Certainty.OnSomePaths ? this : new DeferredFact(Certainty.OnSomePaths, Origin, ByOwnContract, Guards);
        }

        var certainty = Certainty == Certainty.OnAllPaths && other.Certainty == Certainty.OnAllPaths
            ? Certainty.OnAllPaths
            : Certainty.OnSomePaths;
        var origin = EarlierCall.First(Origin, other.Origin);
        var byContract = ReferenceEquals(origin, Origin) ? ByOwnContract : other.ByOwnContract;
        return new DeferredFact(certainty, origin, byContract, BranchGuards.Common(Guards, other.Guards));
    }

    public bool Equals(DeferredFact? other) =>
        other is not null && Certainty == other.Certainty && ByOwnContract == other.ByOwnContract && Origin.Equals(other.Origin)
        && System.Linq.ImmutableArrayExtensions.SequenceEqual(Guards, other.Guards);

    public override bool Equals(object? obj) => Equals(obj as DeferredFact);

    public override int GetHashCode() => Origin.GetHashCode() ^ (int)Certainty;
}
