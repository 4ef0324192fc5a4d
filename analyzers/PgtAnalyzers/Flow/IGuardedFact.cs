using System.Collections.Immutable;

namespace PgtAnalyzers.Flow;

/// <summary>A fact that carries the tracked bools' values on the paths it holds on (<see cref="BranchGuards"/>).</summary>
internal interface IGuardedFact<TFact>
    where TFact : class
{
    ImmutableArray<BranchGuards.Guard> Guards { get; }

    /// <summary>This fact with other guards (a tracked bool was assigned or tested on its paths).</summary>
    TFact WithGuards(ImmutableArray<BranchGuards.Guard> guards);
}
