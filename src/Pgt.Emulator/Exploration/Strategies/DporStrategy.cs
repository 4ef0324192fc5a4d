using System.Globalization;
using System.Numerics;
using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// Source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas, POPL'14), stateless. After each
/// execution <see cref="RaceAnalysis"/> finds the reversible races and adds, at the node before the first
/// event of each race, one strand that starts the reversed order; sleep sets prune the branches that
/// only reorder independent steps. Two steps are dependent when <see cref="Operation.ConflictsWith(int, Operation, int)"/>
/// says so, on physical words, so races through two views of one union word are never pruned. Data
/// choices are explored exhaustively.
/// <para>
/// With a preemption bound it is Bounded POR (Coons, Musuvathi, McKinley, OOPSLA'13): no schedule takes more
/// than the bound's preemptions, and because the bound makes independent steps dependent (reversing a race
/// may need a preemption the bound forbids where the race is, but not where the earlier strand's block
/// began), each reversal is also added at the start of that block, where switching costs no more than the
/// switch already made there (<see cref="RaceAnalysis"/>). No strand sleeps under a bound: a sleeping
/// strand's branch may have reached a schedule only beyond the bound that this branch reaches within it.
/// </para>
/// </summary>
internal sealed class DporStrategy : IExplorationStrategy
{
    private readonly List<ScheduleNode> _stack = new();
    private readonly RaceAnalysis _races = new();
    private readonly SubtreeSplit? _split;
    private bool _started;
    private readonly int _bound;
    private bool _exhausted;
    private int _depth;
    private ulong _runningSleep;
    private int _runningPreemptions;

    // The first stack index that differs from the previous execution: races wholly before it were analysed then.
    private int _branchPoint;

    /// <param name="preemptionBound">At most this many preemptions per schedule; null for no bound.</param>
    /// <param name="shard">Explore only this shard's units of the split (see <see cref="SubtreeSplit"/>); null for all.</param>
    public DporStrategy(int? preemptionBound = null, ExplorationShard? shard = null)
    {
        _bound = preemptionBound ?? int.MaxValue;
        _split = shard is { } part ? new SubtreeSplit(part) : null;
    }

    public string Description => Bounded ? string.Create(CultureInfo.InvariantCulture, $"dpor(pb={_bound})") : "dpor";

    private bool Bounded => _bound != int.MaxValue;

    public bool Exhausted => _exhausted;

    public bool LastExecutionOwned => _split?.Owned ?? true;

    public long LastExecutionUnit => _split?.Unit ?? -1;

    public bool PrepareExecution()
    {
        if (_exhausted)
        {
            return false;
        }

        if (_started && _stack.Count == 0)
        {
            _exhausted = true;
            return false;
        }

        _started = true;
        _depth = 0;
        _runningSleep = 0;
        _runningPreemptions = 0;
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
                throw new ScheduleDivergedException(
                    $"the scenario is not deterministic: at step {point.Step} it offers other choices than in an earlier execution with the same decisions");
            }

            _split?.Pass(node, created: false);
        }
        else
        {
            node = ScheduleNode.ForStrand(point.Enabled, point.Actor, point.ActorEnabled, _runningSleep, _runningPreemptions);
            var allowed = node.Enabled & ~node.Sleep;
            if (allowed == 0)
            {
                return -1; // Sleep-set blocked: an equivalent execution was explored already.
            }

            if (_split is not null && !_split.Pass(node, created: true))
            {
                return -1; // Another shard's unit.
            }

            var actorAllowed = node.ActorEnabled && (allowed & (1UL << node.Actor)) != 0;
            if (!actorAllowed && OverBound(node, BitOperations.TrailingZeroCount(allowed)))
            {
                return -1; // Only a preemption past the bound goes on from here.
            }

            var pick = actorAllowed ? node.Actor : BitOperations.TrailingZeroCount(allowed);
            node.Chosen = pick;
            node.Done = 1UL << pick;
            // Above the split every allowed choice is taken, so what a shard finds below never adds work above.
            node.Backtrack = node.AboveSplit ? allowed : 1UL << pick;
            _stack.Add(node);
        }

        _depth++;
        if (node.IsPreemption(node.Chosen))
        {
            _runningPreemptions++;
        }

        var taken = point.PendingOf(node.Chosen);
        ulong sleep = 0;
        var sleepers = Bounded ? 0 : node.Sleep | node.Done;
        for (var mask = sleepers & ~(1UL << node.Chosen); mask != 0; mask &= mask - 1)
        {
            var strand = BitOperations.TrailingZeroCount(mask);
            if (!point.PendingOf(strand).ConflictsWith(strand, taken, node.Chosen))
            {
                sleep |= 1UL << strand;
            }
        }

        _runningSleep = sleep;
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
                throw new ScheduleDivergedException(
                    $"the scenario is not deterministic: at step {point.Step} it makes another data choice than in an earlier execution");
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
        if (_stack.Count > _depth)
        {
            _stack.RemoveRange(_depth, _stack.Count - _depth);
        }

        _split?.EndExecution();
        _races.AddBacktrackPoints(log, _stack, _branchPoint, Bounded);
        if (log.HasFinding)
        {
            DelayTheFailingStep();
        }

        Backtrack();
    }

    /// <summary>
    /// An execution that ends in a finding is cut at its failing step: the steps other strands would have
    /// taken afterwards never ran, so the races they would have closed with it (a free that would have come
    /// after a store that was judged first) are never seen. The failing step is therefore treated as
    /// dependent on everything: every strand enabled before it is also tried there.
    /// </summary>
    private void DelayTheFailingStep()
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            if (!_stack[i].IsData)
            {
                _stack[i].Backtrack |= _stack[i].Enabled;
                return;
            }
        }
    }

    private void Backtrack()
    {
        while (_stack.Count > 0)
        {
            var node = _stack[^1];
            if (node.IsData)
            {
                if (node.Chosen + 1 < node.Count)
                {
                    node.Chosen++;
                    _branchPoint = _stack.Count - 1;
                    return;
                }
            }
            else
            {
                var candidates = node.Backtrack & node.Enabled & ~node.Done & ~node.Sleep;
                for (; candidates != 0; candidates &= candidates - 1)
                {
                    var strand = BitOperations.TrailingZeroCount(candidates);
                    node.Done |= 1UL << strand;
                    if (OverBound(node, strand))
                    {
                        continue;
                    }

                    node.Chosen = strand;
                    _branchPoint = _stack.Count - 1;
                    return;
                }
            }

            _stack.RemoveAt(_stack.Count - 1);
        }
    }

    /// <summary>Taking <paramref name="strand"/> at <paramref name="node"/> would be one preemption more than the bound allows.</summary>
    private bool OverBound(ScheduleNode node, int strand) => node.IsPreemption(strand) && node.PreemptionsBefore >= _bound;
}
