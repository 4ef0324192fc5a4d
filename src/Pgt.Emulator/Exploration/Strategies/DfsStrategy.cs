using System.Globalization;
using System.Numerics;
using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// Stateless depth-first search over every schedule and data choice, re-executing from the start each
/// time. Two reductions, both optional:
/// <list type="bullet">
/// <item>a preemption bound, iterated 0, 1, 2, ... (CHESS ICB, Musuvathi and Qadeer, PLDI'07), so the
/// first bug found has the fewest preemptions;</item>
/// <item>sleep sets (Godefroid): a strand whose next step was explored first at a node sleeps in the later
/// branches until some step conflicts with it. Under a preemption bound a strand only goes to sleep when
/// its own branch was explored in full, without a bound cut; otherwise the bounded search could miss
/// schedules that only the sleeping branch would have reached within the bound.</item>
/// </list>
/// </summary>
internal sealed class DfsStrategy : IExplorationStrategy
{
    private readonly List<ScheduleNode> stack = new();
    private readonly int? maxBound;
    private readonly bool iterate;
    private readonly bool sleepSets;
    private int bound;
    private bool started;
    private bool iterationCut;
    private bool leafCut;
    private bool exhausted;
    private int depth;
    private ulong runningSleep;
    private int runningPreemptions;

    public DfsStrategy(int? preemptionBound, bool iterate, bool sleepSets)
    {
        maxBound = preemptionBound;
        this.iterate = iterate && preemptionBound != 0;
        this.sleepSets = sleepSets;
        bound = this.iterate ? 0 : preemptionBound ?? int.MaxValue;
    }

    public string Description
    {
        get
        {
            var pb = bound == int.MaxValue ? "none" : bound.ToString(CultureInfo.InvariantCulture);
            return sleepSets ? $"dfs(pb={pb})" : $"dfs(pb={pb},no-sleep-sets)";
        }
    }

    public bool Exhausted => exhausted;

    /// <summary>The preemption bound of the iteration in progress (int.MaxValue: none).</summary>
    public int CurrentBound => bound;

    public bool PrepareExecution()
    {
        if (exhausted)
        {
            return false;
        }

        if (started && stack.Count == 0)
        {
            // One iteration is complete. Another one only if the bound cut something and may grow.
            if (!iterationCut || bound == int.MaxValue || (maxBound is { } limit && bound >= limit))
            {
                exhausted = true;
                return false;
            }

            bound = maxBound is null && bound >= 64 ? int.MaxValue : bound + 1;
            iterationCut = false;
        }

        started = true;
        depth = 0;
        runningSleep = 0;
        runningPreemptions = 0;
        leafCut = false;
        return true;
    }

    public int ChooseStrand(in SchedulingPoint point)
    {
        ScheduleNode node;
        if (depth < stack.Count)
        {
            node = stack[depth];
            if (node.IsData || node.Enabled != point.Enabled)
            {
                throw NotDeterministic(point.Step);
            }
        }
        else
        {
            node = ScheduleNode.ForStrand(point.Enabled, point.Actor, point.ActorEnabled, runningSleep, runningPreemptions);
            var pick = FirstChoice(node);
            if (pick < 0)
            {
                return -1;
            }

            node.Chosen = pick;
            node.Done = 1UL << pick;
            stack.Add(node);
        }

        depth++;
        if (node.IsPreemption(node.Chosen))
        {
            runningPreemptions++;
        }

        runningSleep = sleepSets ? SleepAfter(node, point) : 0;
        return node.Chosen;
    }

    public int ChooseValue(in DataPoint point)
    {
        ScheduleNode node;
        if (depth < stack.Count)
        {
            node = stack[depth];
            if (!node.IsData || node.Count != point.Count)
            {
                throw NotDeterministic(point.Step);
            }
        }
        else
        {
            node = ScheduleNode.ForData(point.Count);
            stack.Add(node);
        }

        depth++;
        return node.Chosen;
    }

    public void CompleteExecution(ExecutionLog log)
    {
        // Only the path actually taken is kept (a finding may end the execution early).
        if (stack.Count > depth)
        {
            stack.RemoveRange(depth, stack.Count - depth);
        }

        if (leafCut && stack.Count > 0)
        {
            stack[^1].CurrentSubtreeCut = true;
        }

        Backtrack();
    }

    /// <summary>The first strand to try at a new node: the running one if it may continue, so no preemption.</summary>
    private int FirstChoice(ScheduleNode node)
    {
        var allowed = node.Enabled & ~node.Sleep;
        if (allowed == 0)
        {
            return -1; // Sleep-set blocked: everything from here was explored elsewhere.
        }

        if (node.ActorEnabled && (allowed & (1UL << node.Actor)) != 0)
        {
            return node.Actor;
        }

        if (node.ActorEnabled && node.PreemptionsBefore >= bound)
        {
            leafCut = true;
            iterationCut = true;
            return -1;
        }

        return BitOperations.TrailingZeroCount(allowed);
    }

    /// <summary>The sleep set below <paramref name="node"/>: strands asleep or done here whose next step is independent of the one taken.</summary>
    private static ulong SleepAfter(ScheduleNode node, in SchedulingPoint point)
    {
        var taken = point.PendingOf(node.Chosen);
        var candidates = (node.Sleep | node.CompleteDone) & ~(1UL << node.Chosen);
        ulong sleep = 0;
        for (var mask = candidates; mask != 0; mask &= mask - 1)
        {
            var strand = BitOperations.TrailingZeroCount(mask);
            if (!point.PendingOf(strand).ConflictsWith(taken))
            {
                sleep |= 1UL << strand;
            }
        }

        return sleep;
    }

    /// <summary>Moves the deepest node with an untried choice to that choice, dropping everything below it.</summary>
    private void Backtrack()
    {
        while (stack.Count > 0)
        {
            var node = stack[^1];
            node.AnyCut |= node.CurrentSubtreeCut;
            if (node.IsData)
            {
                if (node.Chosen + 1 < node.Count)
                {
                    node.Chosen++;
                    node.CurrentSubtreeCut = false;
                    return;
                }
            }
            else
            {
                if (!node.CurrentSubtreeCut)
                {
                    node.CompleteDone |= 1UL << node.Chosen;
                }

                var candidates = node.Enabled & ~node.Done & ~node.Sleep;
                for (; candidates != 0; candidates &= candidates - 1)
                {
                    var strand = BitOperations.TrailingZeroCount(candidates);
                    node.Done |= 1UL << strand;
                    if (node.IsPreemption(strand) && node.PreemptionsBefore >= bound)
                    {
                        node.AnyCut = true;
                        iterationCut = true;
                        continue;
                    }

                    node.Chosen = strand;
                    node.CurrentSubtreeCut = false;
                    return;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            if (stack.Count > 0)
            {
                stack[^1].CurrentSubtreeCut |= node.AnyCut;
            }
        }
    }

    private static ScheduleDivergedException NotDeterministic(int step) =>
        new($"the scenario is not deterministic: at step {step} it offers other choices than in an earlier execution with the same decisions");
}
