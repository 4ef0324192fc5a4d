using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// PCT (Burckhardt et al., ASPLOS'10): every strand gets a random priority when it appears and the
/// highest-priority enabled strand always runs; at d - 1 random steps the strand about to run drops below
/// every other. A bug of depth d then shows with probability at least 1/(n k^(d-1)) per execution.
/// Strands keep running until they block or are demoted, so most decisions cost no hand-off.
/// </summary>
internal sealed class PctStrategy : IExplorationStrategy
{
    // Until an execution has been seen, change points spread over this many steps.
    private const int InitialStepEstimate = 100;

    private readonly DeterministicRandom random;
    private readonly int depth;
    private readonly List<int> priority = new(8); // strand indices, highest priority first
    private readonly List<int> changePoints = new(4); // sorted steps
    private int longestExecution;
    private int nextChange;

    public PctStrategy(ulong seed, int depth)
    {
        random = new DeterministicRandom(seed);
        this.depth = depth;
    }

    public string Description => $"pct(d={depth})";

    public bool Exhausted => false;

    public bool PrepareExecution()
    {
        priority.Clear();
        changePoints.Clear();
        nextChange = 0;
        // d - 1 distinct change points uniformly over the estimated length.
        var stepEstimate = longestExecution > 0 ? longestExecution : InitialStepEstimate;
        var wanted = Math.Min(depth - 1, stepEstimate);
        while (changePoints.Count < wanted)
        {
            var candidate = random.Next(stepEstimate);
            if (!changePoints.Contains(candidate))
            {
                changePoints.Add(candidate);
            }
        }

        changePoints.Sort();
        return true;
    }

    public int ChooseStrand(in SchedulingPoint point)
    {
        while (priority.Count < point.StrandCount)
        {
            priority.Insert(random.Next(priority.Count + 1), priority.Count);
        }

        var best = HighestEnabled(point.Enabled);
        while (nextChange < changePoints.Count && changePoints[nextChange] <= point.Step)
        {
            if (changePoints[nextChange] == point.Step)
            {
                var demoted = priority[best];
                priority.RemoveAt(best);
                priority.Add(demoted);
                best = HighestEnabled(point.Enabled);
            }

            nextChange++;
        }

        return priority[best];
    }

    public int ChooseValue(in DataPoint point) => random.Next(point.Count);

    public void CompleteExecution(ExecutionLog log)
    {
        var steps = 0;
        foreach (var decision in log.Decisions)
        {
            if (decision.Kind == DecisionKind.Strand)
            {
                steps++;
            }
        }

        longestExecution = Math.Max(longestExecution, steps);
    }

    /// <summary>Position in <see cref="priority"/> of the first enabled strand.</summary>
    private int HighestEnabled(ulong enabled)
    {
        for (var i = 0; i < priority.Count; i++)
        {
            if ((enabled & (1UL << priority[i])) != 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no enabled strand has a priority");
    }
}
