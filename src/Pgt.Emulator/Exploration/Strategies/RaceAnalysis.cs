using System.Numerics;
using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// The race detection of Source-DPOR over one finished execution. Happens-before comes from program
/// order, spawn, and the order of conflicting steps; vector clocks give it per step. A race is a pair of
/// conflicting steps of two strands with no other step ordering them. For each race (e, e') the strands
/// that can start the reversed order (the initials of notdep(e).e') are computed, and one of them is added
/// to the backtrack set of the node before e unless one is there already.
/// <para>
/// Blocking: a step e' that waits (a lock, a grace period) cannot be reversed with a step e during which it
/// was disabled, so such a pair is not a race and does not hide earlier steps: for a lock, the race found
/// is then between the two acquisitions, which is the order that can really be reversed. If no initial is
/// enabled at the node, every enabled strand is added there (the classic conservative fallback).
/// </para>
/// </summary>
internal sealed class RaceAnalysis
{
    private readonly Dictionary<ulong, List<int>> _stepsByResource = new();
    // Per kind of StrandStateAccess (None's stays empty), the steps that touch the per-strand state so, in
    // execution order; and per kind, the kinds it can conflict with (Operation.StrandStatesMeet).
    private static readonly StrandStateAccess[] StateKinds = Enum.GetValues<StrandStateAccess>();
    private static readonly StrandStateAccess[][] MeetingKinds = StateKinds
        .Select(kind => StateKinds.Where(other => Operation.StrandStatesMeet(kind, other)).ToArray()).ToArray();
    private readonly List<int>[] _stepsByStateKind = StateKinds.Select(_ => new List<int>()).ToArray();
    private readonly List<int>[] _candidateLists = new List<int>[Operation.MaxAccesses + StateKinds.Length];
    private readonly List<(int Earlier, int Later)> _races = new();
    private int[] _strandOf = new int[64];
    private int[] _localIndex = new int[64];
    private int[] _nodeOf = new int[64];
    private int[] _previous = new int[64];
    private Operation[] _operations = new Operation[64];
    private int[] _clocks = new int[256];
    private int _realEvents;
    private bool _bounded;

    /// <param name="log">The execution.</param>
    /// <param name="stack">Its nodes, one per decision, in order.</param>
    /// <param name="branchPoint">The first node that differs from the previous execution.</param>
    /// <param name="bounded">Under a preemption bound: reverse races as Bounded POR does (<see cref="ReverseUnderBound"/>).</param>
    public void AddBacktrackPoints(ExecutionLog log, List<ScheduleNode> stack, int branchPoint, bool bounded = false)
    {
        _bounded = bounded;
        var decisions = log.Decisions;
        var count = Math.Min(decisions.Count, stack.Count);
        var strands = log.StrandNames.Count;
        Grow(count + strands, strands);
        var eventOfDecision = new int[count];
        var events = 0;
        var firstNew = -1;
        for (var i = 0; i < count; i++)
        {
            var decision = decisions[i];
            if (decision.Kind != DecisionKind.Strand || stack[i].IsData)
            {
                eventOfDecision[i] = -1;
                continue;
            }

            if (firstNew < 0 && i >= branchPoint)
            {
                firstNew = events;
            }

            eventOfDecision[i] = events;
            _strandOf[events] = decision.Value;
            _operations[events] = decision.Operation;
            _nodeOf[events] = i;
            events++;
        }

        if (firstNew < 0)
        {
            return; // Nothing new was executed.
        }

        ComputeClocks(log, stack, events, strands, firstNew, eventOfDecision);
        if (bounded)
        {
            AddWaitingRaces(log, events, strands, firstNew, eventOfDecision);
        }

        foreach (var (earlier, later) in _races)
        {
            if (bounded)
            {
                ReverseUnderBound(stack, earlier, later);
            }
            else
            {
                Reverse(stack, earlier, later, strands);
            }
        }
    }

    /// <summary>
    /// Under a bound, the races of the classic DPOR (Flanagan and Godefroid), which BPOR's proof is about: at
    /// every state of the execution, each strand's next step against the last conflicting step not ordered
    /// before the strand. A step e' of strand q is q's next step from its previous step p (or its spawn) on, so
    /// it races with the last conflicting step before p and with every conflicting step between p and e' that
    /// is not ordered before p. Source-DPOR only reverses the last of them; under a bound the others may be
    /// the only ones whose reversal stays within it (a strand preempted right after reading a pmd, while
    /// the lock it takes later is still free, rather than once the lock's later holders ran).
    /// </summary>
    private void AddWaitingRaces(ExecutionLog log, int events, int strands, int firstNew, int[] eventOfDecision)
    {
        Span<int> zero = stackalloc int[strands];
        zero.Clear();
        for (var e = firstNew; e < events; e++)
        {
            var strand = _strandOf[e];
            var from = _previous[e] >= 0 ? _previous[e] : SpawnEvent(log, strand, eventOfDecision);
            ReadOnlySpan<int> before = from >= 0 ? _clocks.AsSpan(from * strands, strands) : zero;
            var operation = _operations[e];
            var lists = CandidateLists(operation);
            var lastBefore = -1;
            for (var l = 0; l < lists; l++)
            {
                foreach (var j in _candidateLists[l])
                {
                    if (j >= e || j >= _realEvents)
                    {
                        break;
                    }

                    var other = _strandOf[j];
                    if (other == strand || _localIndex[j] <= before[other] || !_operations[j].ConflictsWith(other, operation, strand))
                    {
                        continue;
                    }

                    if (j > from)
                    {
                        _races.Add((j, e));
                    }
                    else if (j > lastBefore)
                    {
                        lastBefore = j;
                    }
                }
            }

            if (lastBefore >= 0)
            {
                _races.Add((lastBefore, e));
            }
        }
    }

    private void ComputeClocks(ExecutionLog log, List<ScheduleNode> stack, int events, int strands, int firstNew, int[] eventOfDecision)
    {
        foreach (var steps in _stepsByResource.Values)
        {
            steps.Clear();
        }

        foreach (var steps in _stepsByStateKind)
        {
            steps.Clear();
        }

        _races.Clear();
        Array.Clear(_clocks, 0, (events + strands) * strands);
        Span<int> last = stackalloc int[strands];
        Span<int> counts = stackalloc int[strands];
        last.Fill(-1);
        counts.Clear();
        for (var e = 0; e < events; e++)
        {
            var strand = _strandOf[e];
            _previous[e] = last[strand];
            _localIndex[e] = ++counts[strand];
            last[strand] = e;
            AnalyseStep(log, stack, e, strands, eventOfDecision, register: true, reportRaces: e >= firstNew);
        }

        // The step each unfinished strand was about to take is a step too: a strand blocked on a lock,
        // or asleep when the execution was cut, still races with what ran before it.
        _realEvents = events;
        var pendingCount = Math.Min(strands, log.FinalPending.Count);
        for (var strand = 0; strand < pendingCount; strand++)
        {
            if (log.FinalPending[strand] is not { Kind: not OperationKind.Local } pending)
            {
                continue;
            }

            var e = events++;
            _strandOf[e] = strand;
            _operations[e] = pending;
            _previous[e] = last[strand];
            _localIndex[e] = counts[strand] + 1;
            _nodeOf[e] = -1;
            AnalyseStep(log, stack, e, strands, eventOfDecision, register: false, reportRaces: true);
        }
    }

    /// <summary>Computes the vector clock of step <paramref name="e"/> and the races it closes.</summary>
    private void AnalyseStep(ExecutionLog log, List<ScheduleNode> stack, int e, int strands, int[] eventOfDecision, bool register, bool reportRaces)
    {
        var strand = _strandOf[e];
        var clock = _clocks.AsSpan(e * strands, strands);
        var origin = _previous[e] >= 0 ? _previous[e] : SpawnEvent(log, strand, eventOfDecision);
        if (origin >= 0)
        {
            _clocks.AsSpan(origin * strands, strands).CopyTo(clock);
        }

        Span<int> ordered = stackalloc int[strands];
        clock.CopyTo(ordered);
        var operation = _operations[e];
        var lists = CandidateLists(operation);
        Span<int> next = stackalloc int[lists];
        for (var l = 0; l < lists; l++)
        {
            next[l] = _candidateLists[l].Count - 1;
        }

        // Walk the earlier steps that may conflict, latest first: a merge of the (ascending) lists.
        var last = int.MaxValue;
        while (true)
        {
            var j = -1;
            var from = -1;
            for (var l = 0; l < lists; l++)
            {
                if (next[l] >= 0 && _candidateLists[l][next[l]] > j)
                {
                    j = _candidateLists[l][next[l]];
                    from = l;
                }
            }

            if (from < 0)
            {
                break;
            }

            next[from]--;
            if (j == last)
            {
                continue; // Registered under two of the resources.
            }

            last = j;
            var other = _strandOf[j];
            if (other == strand || !_operations[j].ConflictsWith(other, operation, strand))
            {
                continue;
            }

            var earlierClock = _clocks.AsSpan(j * strands, strands);
            Join(clock, earlierClock);
            if (_localIndex[j] <= ordered[other])
            {
                continue;
            }

            if (!CoEnabled(stack, j, e))
            {
                // Not a race, but under a bound the step that enables e may only run before j through a
                // preemption the bound forbids: every strand is tried where j's block began.
                if (_bounded && reportRaces)
                {
                    _races.Add((j, e));
                }

                continue;
            }

            if (reportRaces)
            {
                _races.Add((j, e));
            }

            Join(ordered, earlierClock);
        }

        if (register)
        {
            Register(e, operation);
        }

        clock[strand] = _localIndex[e];
    }

    /// <summary>
    /// Fills <see cref="_candidateLists"/> with the lists of earlier steps that may conflict with
    /// <paramref name="operation"/> (each in execution order): those registered under each of its resources,
    /// and under the per-strand state it touches. Returns how many.
    /// </summary>
    private int CandidateLists(Operation operation)
    {
        var count = 0;
        for (var i = 0; i < operation.AccessCount; i++)
        {
            _candidateLists[count++] = StepsOf(operation.Access(i).Resource);
        }

        foreach (var kind in MeetingKinds[(int)operation.StrandState])
        {
            _candidateLists[count++] = _stepsByStateKind[(int)kind];
        }

        return count;
    }

    private void Register(int e, Operation operation)
    {
        for (var i = 0; i < operation.AccessCount; i++)
        {
            var steps = StepsOf(operation.Access(i).Resource);
            if (steps.Count == 0 || steps[^1] != e)
            {
                steps.Add(e);
            }
        }

        if (operation.StrandState != StrandStateAccess.None)
        {
            _stepsByStateKind[(int)operation.StrandState].Add(e);
        }
    }

    private List<int> StepsOf(ulong resource)
    {
        if (!_stepsByResource.TryGetValue(resource, out var steps))
        {
            steps = new List<int>();
            _stepsByResource.Add(resource, steps);
        }

        return steps;
    }

    /// <summary>
    /// False when <paramref name="later"/>'s strand was already waiting to take that very step at
    /// <paramref name="earlier"/>'s node and was disabled there: the two can never be swapped.
    /// </summary>
    private bool CoEnabled(List<ScheduleNode> stack, int earlier, int later)
    {
        if (_previous[later] > earlier)
        {
            return true; // It reached this step only after `earlier`; judge it by its initials.
        }

        return (stack[_nodeOf[earlier]].Enabled & (1UL << _strandOf[later])) != 0;
    }

    /// <summary>Adds one strand that starts the reversed order of the race at the node before <paramref name="earlier"/>.</summary>
    private void Reverse(List<ScheduleNode> stack, int earlier, int later, int strands)
    {
        var node = stack[_nodeOf[earlier]];
        var racer = _strandOf[earlier];
        var racerIndex = _localIndex[earlier];
        Span<int> firstOf = stackalloc int[strands];
        ulong seen = 0;
        ulong initials = 0;
        for (var k = earlier + 1; k <= later; k++)
        {
            if (k >= _realEvents && k != later)
            {
                k = later; // Pending steps are not ordered among themselves: only `later` is part of v.
            }

            var clock = _clocks.AsSpan(k * strands, strands);
            if (k < later && racerIndex <= clock[racer])
            {
                continue; // Happens after `earlier`: not part of notdep(earlier).
            }

            var strand = _strandOf[k];
            if ((seen & (1UL << strand)) != 0)
            {
                continue;
            }

            var hasPredecessor = false;
            for (var mask = seen; mask != 0; mask &= mask - 1)
            {
                var other = BitOperations.TrailingZeroCount(mask);
                if (_localIndex[firstOf[other]] <= clock[other])
                {
                    hasPredecessor = true;
                    break;
                }
            }

            seen |= 1UL << strand;
            firstOf[strand] = k;
            if (!hasPredecessor)
            {
                initials |= 1UL << strand;
            }
        }

        if ((initials & node.Backtrack) != 0)
        {
            return;
        }

        var usable = initials & node.Enabled;
        if (usable == 0)
        {
            node.Backtrack |= node.Enabled;
            return;
        }

        var awake = usable & ~node.Sleep;
        var preferred = 1UL << _strandOf[later];
        var pool = awake != 0 ? awake : usable;
        var pick = (pool & preferred) != 0 ? _strandOf[later] : BitOperations.TrailingZeroCount(pool);
        node.Backtrack |= 1UL << pick;
    }

    /// <summary>
    /// Bounded POR (Coons, Musuvathi, McKinley, OOPSLA'13) on top of the classic DPOR rule (Flanagan and
    /// Godefroid, POPL'05): the strand of <paramref name="later"/> itself is added at the node before
    /// <paramref name="earlier"/> (every enabled strand if it is not enabled there), not any initial of the
    /// reversed order as Source-DPOR does: under a bound another initial may only reach the reversal through a
    /// preemption the bound forbids. The same is added where the strand of <paramref name="earlier"/> was last
    /// switched to, the start of its block: taking another strand there costs no more preemptions than the
    /// switch already made, so a reversal the bound forbids at <paramref name="earlier"/> is still reached.
    /// </summary>
    private void ReverseUnderBound(List<ScheduleNode> stack, int earlier, int later)
    {
        var strand = _strandOf[later];
        var index = _nodeOf[earlier];
        AddStrandOrAll(stack[index], strand);
        for (var k = index; k >= 0; k--)
        {
            var node = stack[k];
            if (node.IsData || node.Chosen == node.Actor)
            {
                continue;
            }

            if (k != index)
            {
                AddStrandOrAll(node, strand);
            }

            return;
        }
    }

    private static void AddStrandOrAll(ScheduleNode node, int strand) =>
        node.Backtrack |= (node.Enabled & (1UL << strand)) != 0 ? 1UL << strand : node.Enabled;

    private int SpawnEvent(ExecutionLog log, int strand, int[] eventOfDecision)
    {
        var decision = log.SpawnEvents[strand];
        return decision >= 0 && decision < eventOfDecision.Length ? eventOfDecision[decision] : -1;
    }

    private static void Join(Span<int> into, ReadOnlySpan<int> other)
    {
        for (var i = 0; i < into.Length; i++)
        {
            if (other[i] > into[i])
            {
                into[i] = other[i];
            }
        }
    }

    private void Grow(int events, int strands)
    {
        if (_strandOf.Length < events)
        {
            var size = Math.Max(events, _strandOf.Length * 2);
            _strandOf = new int[size];
            _localIndex = new int[size];
            _nodeOf = new int[size];
            _previous = new int[size];
            _operations = new Operation[size];
        }

        if (_clocks.Length < events * strands)
        {
            _clocks = new int[Math.Max(events * strands, _clocks.Length * 2)];
        }
    }
}
