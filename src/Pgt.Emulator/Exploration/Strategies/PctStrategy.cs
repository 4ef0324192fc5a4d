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

    private readonly DeterministicRandom _random;
    private readonly int _depth;
    private readonly List<int> _priority = new(8); // strand indices, highest priority first
    private readonly List<int> _changePoints = new(4); // sorted steps
    private int _longestExecution;
    private int _nextChange;

    public PctStrategy(ulong seed, int depth)
    {
        _random = new DeterministicRandom(seed);
        this._depth = depth;
    }

    public string Description => $"pct(d={_depth})";

    public bool Exhausted => false;

    public bool PrepareExecution()
    {
        _priority.Clear();
        _changePoints.Clear();
        _nextChange = 0;
        // d - 1 distinct change points uniformly over the estimated length.
        var stepEstimate = _longestExecution > 0 ? _longestExecution : InitialStepEstimate;
        var wanted = Math.Min(_depth - 1, stepEstimate);
        while (_changePoints.Count < wanted)
        {
            var candidate = _random.Next(stepEstimate);
            if (!_changePoints.Contains(candidate))
            {
                _changePoints.Add(candidate);
            }
        }

        _changePoints.Sort();
        return true;
    }

    public int ChooseStrand(in SchedulingPoint point)
    {
        while (_priority.Count < point.StrandCount)
        {
            _priority.Insert(_random.Next(_priority.Count + 1), _priority.Count);
        }

        var best = HighestEnabled(point.Enabled);
        while (_nextChange < _changePoints.Count && _changePoints[_nextChange] <= point.Step)
        {
            if (_changePoints[_nextChange] == point.Step)
            {
                var demoted = _priority[best];
                _priority.RemoveAt(best);
                _priority.Add(demoted);
                best = HighestEnabled(point.Enabled);
            }

            _nextChange++;
        }

        return _priority[best];
    }

    public int ChooseValue(in DataPoint point) => _random.Next(point.Count);

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

        _longestExecution = Math.Max(_longestExecution, steps);
    }

    /// <summary>Position in <see cref="_priority"/> of the first enabled strand.</summary>
    private int HighestEnabled(ulong enabled)
    {
        for (var i = 0; i < _priority.Count; i++)
        {
            if ((enabled & (1UL << _priority[i])) != 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no enabled strand has a priority");
    }
}
