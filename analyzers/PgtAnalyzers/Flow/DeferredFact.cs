using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>"This value was handed to deferred freeing", on all or some paths, blaming one call.</summary>
internal sealed class DeferredFact : IEquatable<DeferredFact>, IJoinableFact<DeferredFact>, IGuardedFact<DeferredFact>
{
    public DeferredFact(Certainty certainty, EarlierCall origin, bool byOwnContract, ImmutableArray<BranchGuards.Guard> guards = default)
        : this(certainty, origin, byOwnContract, byOwnContract ? null : origin, certainty, guards, byOwnContract ? default : guards)
    {
    }

    private DeferredFact(Certainty certainty, EarlierCall origin, bool byOwnContract, EarlierCall? passedOn, Certainty passedOnCertainty, ImmutableArray<BranchGuards.Guard> guards, ImmutableArray<BranchGuards.Guard> passedOnGuards)
    {
        Certainty = certainty;
        Origin = origin;
        ByOwnContract = byOwnContract;
        PassedOn = passedOn;
        PassedOnCertainty = passedOnCertainty;
        Guards = guards.IsDefault ? ImmutableArray<BranchGuards.Guard>.Empty : guards;
        PassedOnGuards = passedOn is null || passedOnGuards.IsDefault ? ImmutableArray<BranchGuards.Guard>.Empty : passedOnGuards;
    }

    public Certainty Certainty { get; }

    public EarlierCall Origin { get; }

    /// <summary>
    /// True when the value is the body's own <c>[DeferredFree]</c> parameter and has not been passed on yet:
    /// it is read-only, but passing it on once is its purpose, not a double free.
    /// </summary>
    public bool ByOwnContract { get; }

    /// <summary>
    /// The call that handed the value to deferred freeing, null while it is only the body's own
    /// <c>[DeferredFree]</c> parameter on every path. A later hand-over is a double free (PGT004) as surely as
    /// <see cref="PassedOnCertainty"/>: <c>if (now) PteFree(mm, t); PteFreeDefer(mm, t);</c> on such a
    /// parameter is PGT104, though <see cref="Origin"/> (for PGT001) stays the parameter.
    /// </summary>
    public EarlierCall? PassedOn { get; }

    /// <summary>On all paths only when every path handed the value over by a call.</summary>
    public Certainty PassedOnCertainty { get; }

    /// <summary>What held where <see cref="PassedOn"/> happened, on every path it comes from (its own, since a path with the parameter alone has none).</summary>
    public ImmutableArray<BranchGuards.Guard> PassedOnGuards { get; }

    /// <summary>
    /// What held where the value was handed over, on every path this fact comes from (<see cref="BranchGuards"/>):
    /// a use under an opposite guard cannot follow it in the same run.
    /// </summary>
    public ImmutableArray<BranchGuards.Guard> Guards { get; }

    public DeferredFact? Rewritten(Func<ImmutableArray<BranchGuards.Guard>, ImmutableArray<BranchGuards.Guard>> rewrite)
    {
        var guards = rewrite(Guards);
        if (guards.IsDefault)
        {
            return null;
        }

        // A hand-over whose paths a test excludes did not happen on this side: the parameter alone is left.
        // Most facts' hand-over is the fact itself, its guards the same array: rewritten once.
        var passedOnGuards = PassedOn is null ? PassedOnGuards : PassedOnGuards == Guards ? guards : rewrite(PassedOnGuards);
        var passedOn = passedOnGuards.IsDefault ? null : PassedOn;
        return passedOn == PassedOn && SameGuards(guards, Guards) && (passedOn is null || SameGuards(passedOnGuards, PassedOnGuards))
            ? this
            : new DeferredFact(Certainty, Origin, ByOwnContract, passedOn, PassedOnCertainty, guards, passedOnGuards);
    }

    /// <summary>This fact where <paramref name="guard"/> holds on every path of it too (its hand-over's paths included).</summary>
    public DeferredFact WithGuard(BranchGuards.Guard guard)
    {
        var guards = BranchGuards.With(Guards, guard);
        var passedOnGuards = PassedOn is null ? PassedOnGuards : PassedOnGuards == Guards ? guards : BranchGuards.With(PassedOnGuards, guard);
        return SameGuards(guards, Guards) && SameGuards(passedOnGuards, PassedOnGuards)
            ? this
            : new DeferredFact(Certainty, Origin, ByOwnContract, PassedOn, PassedOnCertainty, guards, passedOnGuards);
    }

    /// <summary>
    /// False when the fact cannot hold where <paramref name="variable"/> holds <paramref name="id"/>: a use of the
    /// value through that variable (<c>table</c> deferred in an earlier loop iteration, when <c>table</c> held it
    /// no more, is not this iteration's <c>table</c> on the path that still holds it).
    /// </summary>
    public bool HoldsWhen(ISymbol? variable, int id) =>
        variable is null || !Guards.Contains(new BranchGuards.Guard(variable, BranchGuards.Relation.Holds, id, false));

    /// <summary>This fact as a use under <paramref name="known"/> sees it: without a hand-over made where that cannot hold.</summary>
    public DeferredFact SeenUnder(ImmutableArray<BranchGuards.Guard> known) =>
        PassedOn is not null && !PassedOnGuards.IsEmpty && BranchGuards.Contradict(PassedOnGuards, known)
            ? new DeferredFact(Certainty, Origin, ByOwnContract, passedOn: null, PassedOnCertainty, Guards, default)
            : this;

    private static bool SameGuards(ImmutableArray<BranchGuards.Guard> a, ImmutableArray<BranchGuards.Guard> b) =>
        System.Linq.ImmutableArrayExtensions.SequenceEqual(a, b);

    public DeferredFact Join(DeferredFact? other)
    {
        if (other is null)
        {
            return Certainty == Certainty.OnSomePaths && PassedOnCertainty == Certainty.OnSomePaths
                ? this
                : new DeferredFact(Certainty.OnSomePaths, Origin, ByOwnContract, PassedOn, Certainty.OnSomePaths, Guards, PassedOnGuards);
        }

        var certainty = Certainty == Certainty.OnAllPaths && other.Certainty == Certainty.OnAllPaths
            ? Certainty.OnAllPaths
            : Certainty.OnSomePaths;
        var origin = EarlierCall.First(Origin, other.Origin);
        var byContract = ReferenceEquals(origin, Origin) ? ByOwnContract : other.ByOwnContract;
        var passedOn = PassedOn is null ? other.PassedOn : other.PassedOn is null ? PassedOn : EarlierCall.First(PassedOn, other.PassedOn);
        var passedOnCertainty = PassedOn is not null && other.PassedOn is not null
            && PassedOnCertainty == Certainty.OnAllPaths && other.PassedOnCertainty == Certainty.OnAllPaths
                ? Certainty.OnAllPaths
                : Certainty.OnSomePaths;
        var guards = BranchGuards.Common(Guards, other.Guards);
        var passedOnGuards = PassedOn is null ? other.PassedOnGuards
            : other.PassedOn is null ? PassedOnGuards
            : PassedOnGuards == Guards && other.PassedOnGuards == other.Guards ? guards
            : BranchGuards.Common(PassedOnGuards, other.PassedOnGuards);
        return new DeferredFact(certainty, origin, byContract, passedOn, passedOnCertainty, guards, passedOnGuards);
    }

    public bool Equals(DeferredFact? other) =>
        other is not null && Certainty == other.Certainty && ByOwnContract == other.ByOwnContract && Origin.Equals(other.Origin)
        && PassedOnCertainty == other.PassedOnCertainty && Equals(PassedOn, other.PassedOn)
        && SameGuards(PassedOnGuards, other.PassedOnGuards)
        && System.Linq.ImmutableArrayExtensions.SequenceEqual(Guards, other.Guards);

    public override bool Equals(object? obj) => Equals(obj as DeferredFact);

    public override int GetHashCode() => Origin.GetHashCode() ^ (int)Certainty;
}
