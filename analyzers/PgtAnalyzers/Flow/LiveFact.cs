using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>"This overlay member is live" (claimed, not released), on all or some paths, blaming the claim.</summary>
internal sealed class LiveFact : IEquatable<LiveFact>, IJoinableFact<LiveFact>, IGuardedFact<LiveFact>
{
    public LiveFact(Certainty certainty, EarlierCall claim, bool leftByAnotherMethod = false, ImmutableArray<BranchGuards.Guard> guards = default)
    {
        Certainty = certainty;
        Claim = claim;
        LeftByAnotherMethod = leftByAnotherMethod;
        Guards = guards.IsDefault ? ImmutableArray<BranchGuards.Guard>.Empty : guards;
    }

    /// <summary>What held where the member was claimed, on every path this fact comes from (<see cref="BranchGuards"/>).</summary>
    public ImmutableArray<BranchGuards.Guard> Guards { get; }

    /// <summary>
    /// True when the membership was left live by another method of the type hierarchy (Contract v2, point 3),
    /// not claimed on this body's paths: it may have been released since, so claiming it again is no PGT004.
    /// </summary>
    public bool LeftByAnotherMethod { get; }

    public Certainty Certainty { get; }

    public EarlierCall Claim { get; }

    public LiveFact? Rewritten(Func<ImmutableArray<BranchGuards.Guard>, ImmutableArray<BranchGuards.Guard>> rewrite)
    {
        var guards = rewrite(Guards);
        return guards.IsDefault ? null
            : System.Linq.ImmutableArrayExtensions.SequenceEqual(guards, Guards) ? this
            : new LiveFact(Certainty, Claim, LeftByAnotherMethod, guards);
    }

    /// <summary>This fact with <paramref name="guard"/> added (a "does not hold" guard, <see cref="FlowState"/>'s join).</summary>
    public LiveFact WithGuard(BranchGuards.Guard guard)
    {
        var guards = BranchGuards.With(Guards, guard);
        return System.Linq.ImmutableArrayExtensions.SequenceEqual(guards, Guards) ? this : new LiveFact(Certainty, Claim, LeftByAnotherMethod, guards);
    }

    /// <summary>
    /// False when the membership cannot be live where <paramref name="variable"/> holds <paramref name="id"/>: a
    /// claim through that variable (<c>f.RcuHead</c> queued in an earlier loop iteration, when <c>f</c> held that
    /// object no more) does not meet it on the path that still holds it (as <see cref="DeferredFact.HoldsWhen"/>).
    /// </summary>
    public bool HoldsWhen(ISymbol? variable, int id) =>
        variable is null || !Guards.Contains(new BranchGuards.Guard(variable, BranchGuards.Relation.Holds, id, false));

    public LiveFact Join(LiveFact? other)
    {
        if (other is null)
        {
            return Certainty == Certainty.OnSomePaths ? this : new LiveFact(Certainty.OnSomePaths, Claim, LeftByAnotherMethod, Guards);
        }

        var certainty = Certainty == Certainty.OnAllPaths && other.Certainty == Certainty.OnAllPaths
            ? Certainty.OnAllPaths
            : Certainty.OnSomePaths;
        var first = EarlierCall.First(Claim, other.Claim);
        return new LiveFact(certainty, first, ReferenceEquals(first, Claim) ? LeftByAnotherMethod : other.LeftByAnotherMethod, BranchGuards.Common(Guards, other.Guards));
    }

    public bool Equals(LiveFact? other) => other is not null && Certainty == other.Certainty && Claim.Equals(other.Claim) && LeftByAnotherMethod == other.LeftByAnotherMethod
        && System.Linq.ImmutableArrayExtensions.SequenceEqual(Guards, other.Guards);

    public override bool Equals(object? obj) => Equals(obj as LiveFact);

    public override int GetHashCode() => Claim.GetHashCode() ^ (int)Certainty;
}
