using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The successors of each block along normal (non-exceptional) paths, with finally regions on them: a branch that
/// leaves a try region runs its finally regions before its destination, so it leads to the first block of the
/// first of them, and the end of a finally region leads on to what follows it for every branch that runs it (the
/// next finally on the way, or the branch's destination). Joining the branches that run one finally region may
/// add paths that no execution takes (in through one branch, out towards another's destination); for "on every
/// path" that only ever makes an effect less certain. Exceptions are in <see cref="Handlers"/>.
/// </summary>
internal static class NormalPathSuccessors
{
    public static int[][] Of(ControlFlowGraph graph)
    {
        var afterFinally = new Dictionary<ControlFlowRegion, HashSet<int>>();
        foreach (var block in graph.Blocks)
        {
            foreach (var branch in Branches(block))
            {
                for (var i = 0; i < branch.FinallyRegions.Length; i++)
                {
                    var next = i + 1 < branch.FinallyRegions.Length
                        ? branch.FinallyRegions[i + 1].FirstBlockOrdinal
                        : branch.Destination?.Ordinal ?? -1;
                    if (next < 0)
                    {
                        continue;
                    }

                    if (!afterFinally.TryGetValue(branch.FinallyRegions[i], out var targets))
                    {
                        afterFinally[branch.FinallyRegions[i]] = targets = new HashSet<int>();
                    }

                    targets.Add(next);
                }
            }
        }

        var successors = new int[graph.Blocks.Length][];
        foreach (var block in graph.Blocks)
        {
            var found = new List<int>(2);
            foreach (var branch in Branches(block))
            {
                if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                {
                    if (GraphRegions.EnclosingFinally(block) is { } region && afterFinally.TryGetValue(region, out var targets))
                    {
                        found.AddRange(targets);
                    }
                }
                else if (branch.FinallyRegions.Length > 0)
                {
                    found.Add(branch.FinallyRegions[0].FirstBlockOrdinal);
                }
                else if (branch.Destination is { } destination)
                {
                    found.Add(destination.Ordinal);
                }
            }

            successors[block.Ordinal] = found.Distinct().ToArray();
        }

        return successors;
    }

    /// <summary>
    /// The first blocks of the catch handlers (a filtered one's filter and its handler) that an exception raised in
    /// each block reaches: any operation may throw, before or after what the block does, and a catch that returns
    /// normally leads to the code after its try without it (as <see cref="FixpointSolver"/> flows both the block's
    /// entry and exit state there). A finally run while unwinding ends without reaching a normal return.
    /// </summary>
    public static int[][] Handlers(ControlFlowGraph graph)
    {
        var handlers = new int[graph.Blocks.Length][];
        foreach (var block in graph.Blocks)
        {
            var found = new List<int>();
            for (var region = block.EnclosingRegion; region is not null; region = GraphRegions.NextEnclosing(region))
            {
                if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
                {
                    continue;
                }

                foreach (var handler in tryAndCatch.NestedRegions)
                {
                    if (handler == region)
                    {
                        continue;
                    }

                    found.Add(handler.FirstBlockOrdinal);
                    if (handler.Kind == ControlFlowRegionKind.FilterAndHandler)
                    {
                        found.AddRange(handler.NestedRegions.Where(r => r.Kind == ControlFlowRegionKind.Catch).Select(r => r.FirstBlockOrdinal));
                    }
                }
            }

            handlers[block.Ordinal] = found.Distinct().ToArray();
        }

        return handlers;
    }

    private static IEnumerable<ControlFlowBranch> Branches(BasicBlock block)
    {
        if (block.ConditionalSuccessor is { } conditional)
        {
            yield return conditional;
        }

        if (block.FallThroughSuccessor is { } fallThrough)
        {
            yield return fallThrough;
        }
    }
}
