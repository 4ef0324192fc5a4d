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
    private readonly List<ScheduleNode> _stack = new();
    private readonly int? _maxBound;
    private readonly bool _iterate;
    private readonly bool _sleepSets;
    private readonly SubtreeSplit? _split;
    private int _bound;
    private bool _started;
    private bool _iterationCut;
    private bool _leafCut;
    private bool _exhausted;
    private int _depth;
    private ulong _runningSleep;
    private int _runningPreemptions;

    /// <param name="shard">
    /// Explore only this shard's units of the split (see <see cref="SubtreeSplit"/>); null for all. A shard
    /// runs one pass at the bound (no iteration): which units another shard had to cut is unknown to it.
    /// </param>
    public DfsStrategy(int? preemptionBound, bool iterate, bool sleepSets, ExplorationShard? shard = null)
    {
        _maxBound = preemptionBound;
        _split = shard is { } part ? new SubtreeSplit(part) : null;
        this._iterate = iterate && preemptionBound != 0 && _split is null;
        this._sleepSets = sleepSets;
        _bound = this._iterate ? 0 : preemptionBound ?? int.MaxValue;
    }

    public string Description
    {
        get
        {
            var pb = _bound == int.MaxValue ? "none" : _bound.ToString(CultureInfo.InvariantCulture);
            return _sleepSets ? $"dfs(pb={pb})" : $"dfs(pb={pb},no-sleep-sets)";
        }
    }

    public bool Exhausted => _exhausted;

    public bool LastExecutionOwned => _split?.Owned ?? true;

    public long LastExecutionUnit => _split?.Unit ?? -1;

    /// <summary>The preemption bound of the iteration in progress (int.MaxValue: none).</summary>
    public int CurrentBound => _bound;

    public bool PrepareExecution()
    {
        if (_exhausted)
        {
            return false;
        }

        if (_started && _stack.Count == 0)
        {
            // One iteration is complete. Another one only if the bound cut something and may grow.
            if (!_iterationCut || _bound == int.MaxValue || (_maxBound is { } limit && _bound >= limit))
            {
                _exhausted = true;
                return false;
            }

            _bound = _maxBound is null && _bound >= 64 ? int.MaxValue : _bound + 1;
            _iterationCut = false;
        }

        _started = true;
        _depth = 0;
        _runningSleep = 0;
        _runningPreemptions = 0;
        _leafCut = false;
        _split?.StartExecution();
        return true;
    }

    public int ChooseStrand(in SchedulingPoint point)
    {
        ScheduleNode node;
        if (_depth < _stack.Count)
        {
            node = _stack[_depth];
            if (node.IsData || node.Enabled != point.Enabled)
            {
                throw NotDeterministic(point.Step);
            }

            _split?.Pass(node, created: false);
        }
        else
        {
            node = ScheduleNode.ForStrand(point.Enabled, point.Actor, point.ActorEnabled, _runningSleep, _runningPreemptions);
            if (_split is not null && !_split.Pass(node, created: true))
            {
                return -1; // Another shard's unit.
            }

            var pick = FirstChoice(node);
            if (pick < 0)
            {
                return -1;
            }

            node.Chosen = pick;
            node.Done = 1UL << pick;
            _stack.Add(node);
        }

        _depth++;
        if (node.IsPreemption(node.Chosen))
        {
            _runningPreemptions++;
        }

        _runningSleep = _sleepSets ? SleepAfter(node, point) : 0;
        return node.Chosen;
    }

    public int ChooseValue(in DataPoint point)
    {
        ScheduleNode node;
        if (_depth < _stack.Count)
        {
            node = _stack[_depth];
            if (!node.IsData || node.Count != point.Count)
            {
                throw NotDeterministic(point.Step);
            }
        }
        else
        {
            node = ScheduleNode.ForData(point.Count);
            _stack.Add(node);
        }

        _depth++;
        return node.Chosen;
    }

    public void CompleteExecution(ExecutionLog log)
    {
        // Only the path actually taken is kept (a finding may end the execution early).
        if (_stack.Count > _depth)
        {
            _stack.RemoveRange(_depth, _stack.Count - _depth);
        }

        if (_leafCut && _stack.Count > 0)
        {
            _stack[^1].CurrentSubtreeCut = true;
        }

        _split?.EndExecution();

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

        if (node.ActorEnabled && node.PreemptionsBefore >= _bound)
        {
            _leafCut = true;
            _iterationCut = true;
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
            if (!point.PendingOf(strand).ConflictsWith(strand, taken, node.Chosen))
            {
                sleep |= 1UL << strand;
            }
        }

        return sleep;
    }

    /// <summary>Moves the deepest node with an untried choice to that choice, dropping everything below it.</summary>
    private void Backtrack()
    {
        while (_stack.Count > 0)
        {
            var node = _stack[^1];
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
                // Under a bound, a shard cannot know whether another shard's unit was cut: it may not sleep.
                var skippedUnderBound = _split is not null && node.AboveSplit && _bound != int.MaxValue;
                if (!node.CurrentSubtreeCut && !skippedUnderBound)
                {
                    node.CompleteDone |= 1UL << node.Chosen;
                }

                var candidates = node.Enabled & ~node.Done & ~node.Sleep;
                for (; candidates != 0; candidates &= candidates - 1)
                {
                    var strand = BitOperations.TrailingZeroCount(candidates);
                    node.Done |= 1UL << strand;
                    if (node.IsPreemption(strand) && node.PreemptionsBefore >= _bound)
                    {
                        node.AnyCut = true;
                        _iterationCut = true;
                        continue;
                    }

                    node.Chosen = strand;
                    node.CurrentSubtreeCut = false;
                    return;
                }
            }

            _stack.RemoveAt(_stack.Count - 1);
            if (_stack.Count > 0)
            {
                _stack[^1].CurrentSubtreeCut |= node.AnyCut;
            }
        }
    }

    private static ScheduleDivergedException NotDeterministic(int step) =>
        new($"the scenario is not deterministic: at step {step} it offers other choices than in an earlier execution with the same decisions");
}
