using System.Collections.Immutable;

namespace PgtAnalyzers.Flow;

/// <summary>A fact that carries the tracked bools' values on the paths it holds on (<see cref="BranchGuards"/>).</summary>
internal interface IGuardedFact<TFact>
    where TFact : class
{
    ImmutableArray<BranchGuards.Guard> Guards { get; }

    /// <summary>
    /// This fact with every guard it carries rewritten (a tracked variable was assigned or tested on its paths):
    /// itself when nothing changes; null when <paramref name="rewrite"/> drops its guards (default), since no
    /// path of it is left.
    /// </summary>
    TFact? Rewritten(System.Func<ImmutableArray<BranchGuards.Guard>, ImmutableArray<BranchGuards.Guard>> rewrite);

    /// <summary>This fact where <paramref name="guard"/> holds on every path of it too; itself when it already does.</summary>
    TFact WithGuard(BranchGuards.Guard guard);
}
