using Microsoft.CodeAnalysis.FlowAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>Walking a graph's regions outwards from a block, as the fixpoint and the summaries' path questions do.</summary>
internal static class GraphRegions
{
    /// <summary>
    /// The region around <paramref name="region"/>, up to this graph's root and not beyond: Roslyn gives the
    /// root of a lambda's or local function's graph the enclosing method's region as EnclosingRegion, and
    /// following it would send this graph's states to the enclosing method's handler blocks. A step, not an
    /// iterator: it runs for every block the fixpoint visits.
    /// </summary>
    public static ControlFlowRegion? NextEnclosing(ControlFlowRegion region) =>
        region.Kind == ControlFlowRegionKind.Root ? null : region.EnclosingRegion;

    /// <summary>The innermost finally region holding the block; none when a filter is closer.</summary>
    public static ControlFlowRegion? EnclosingFinally(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region is not null; region = NextEnclosing(region))
        {
            if (region.Kind is ControlFlowRegionKind.Finally or ControlFlowRegionKind.Filter)
            {
                return region.Kind == ControlFlowRegionKind.Finally ? region : null;
            }
        }

        return null;
    }
}
