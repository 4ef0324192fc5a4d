using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Pgt.Emulator.Exploration.Strands;
using Pgt.Emulator.Exploration.Strategies;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>
/// One execution of a scenario: the strands, the baton and the decisions. All decisions are taken by the
/// strand that holds the baton, on its own thread; a decision that keeps that strand just returns. The
/// controller thread (the explorer's) only starts the execution, waits for it with a watchdog, and unwinds
/// what is left at the end.
/// </summary>
internal sealed class Execution : IExecution, IPendingOperations
{
    private const int MaxStrands = 64;

    private readonly IExplorationStrategy _strategy;
    private readonly IStrandBackend _backend;
    private readonly int _maxSteps;
    private readonly TimeSpan _watchdog;
    private readonly List<Strand> _strands = new(4);
    private readonly List<Action> _atEndChecks = new();
    private Strand _current = null!;
    private int _step;
    private ExecutionPhase _phase;
    private Finding? _finding;
    private int _findingStep;
    private bool _pruned;
    private int _lastStrandDecision = -1;

    // Set by the controller when a strand runs away; read by that strand if it ever comes back.
    private volatile bool _hung;

    public Execution(IExplorationStrategy strategy, IStrandBackend backend, int maxSteps, TimeSpan watchdog)
    {
        this._strategy = strategy;
        this._backend = backend;
        this._maxSteps = maxSteps;
        this._watchdog = watchdog;
    }

    public ExecutionLog Log { get; } = new();

    public StrandId Current => _current.Id;

    public int Step => _step;

    public string NameOf(StrandId strand) => _strands[strand.Value].Name;

    public Operation PendingOf(int strand) => _strands[strand].Pending;

    /// <summary>Runs the whole execution on the calling (controller) thread's behalf.</summary>
    public ExecutionOutcome Run(Action<IExecution> body)
    {
        var main = AddStrand("main", () => body(this), daemon: false);
        _current = main;
        var first = TakeDecision(actor: null);
        if (first is not null)
        {
            Resume(first);
            if (!AwaitBaton())
            {
                AbandonRunaway();
            }
        }

        UnwindRemaining();
        Log.Pruned = _pruned;
        Log.HasFinding = _finding is not null;
        return new ExecutionOutcome(_finding, _findingStep, _step, _pruned);
    }

    public StrandId Spawn(string name, Action body, bool daemon = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        _ = EnterRunning(nameof(Spawn));
        if (_strands.Count == MaxStrands)
        {
            throw new InvalidOperationException($"a scenario may run at most {MaxStrands} strands in one execution");
        }

        var strand = AddStrand(name, body, daemon);
        // The spawn is part of the spawner's current step; the point after it lets the child go first.
        Point(Operation.Local);
        return strand.Id;
    }

    public void Point(Operation next)
    {
        var me = EnterFromStrand();
        if (me is null)
        {
            return;
        }

        me.Pending = next;
        Continue(me);
    }

    public void WaitUntil(IWaitCondition condition, Operation next)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var me = EnterFromStrand();
        if (me is null)
        {
            return;
        }

        me.Pending = next;
        me.Wait = condition;
        Continue(me);
    }

    public bool ChooseBool(string label) => Choose(2, label, DecisionKind.Bool) != 0;

    public int ChooseInt(int count, string label)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "a choice needs at least one option");
        }

        return count == 1 ? 0 : Choose(count, label, DecisionKind.Int);
    }

    [DoesNotReturn]
    public void Fail(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        CheckBatonThread();
        if (_phase != ExecutionPhase.Unwinding)
        {
            Raise(finding);
        }

        throw new StrandAbortException();
    }

    public void AtEnd(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        _ = EnterRunning(nameof(AtEnd));
        _atEndChecks.Add(check);
    }

    private Strand AddStrand(string name, Action body, bool daemon)
    {
        var spawnEvent = _strands.Count == 0 ? -1 : _lastStrandDecision;
        var strand = new Strand(_strands.Count, name, daemon, body, spawnEvent);
        _strands.Add(strand);
        Log.StrandNames.Add(name);
        Log.SpawnEvents.Add(spawnEvent);
        return strand;
    }

    private int Choose(int count, string label, DecisionKind kind)
    {
        ArgumentNullException.ThrowIfNull(label);
        var me = EnterRunning(kind == DecisionKind.Bool ? nameof(ChooseBool) : nameof(ChooseInt));
        int value;
        try
        {
            value = _strategy.ChooseValue(new DataPoint(_step, me.Index, count, label));
        }
        catch (ScheduleDivergedException diverged)
        {
            Raise(StandardFindings.Diverged(diverged.Message));
            throw new StrandAbortException();
        }

        if ((uint)value >= (uint)count)
        {
            Raise(StandardFindings.ExplorerError($"the strategy chose {value} for a choice of {count} at step {_step}"));
            throw new StrandAbortException();
        }

        Log.Decisions.Add(new ScheduleDecision(kind, _step, me.Index, true, value, count, 0, Operation.Local, label));
        return value;
    }

    /// <summary>Takes the decision at <paramref name="me"/>'s scheduling point and hands the baton on if needed.</summary>
    private void Continue(Strand me)
    {
        var next = TakeDecision(me) ?? throw new StrandAbortException();
        if (!ReferenceEquals(next, me))
        {
            _current = next;
            Resume(next);
            me.Carrier!.Park();
            // Resumed either by a decision (phase Running) or by the controller to unwind.
            if (_phase != ExecutionPhase.Running || _hung)
            {
                throw new StrandAbortException();
            }
        }
    }

    /// <summary>
    /// One scheduling decision. Returns the strand to run next (it may be <paramref name="actor"/>), or null
    /// when the execution is over; the outcome is then recorded and the phase is Unwinding.
    /// </summary>
    private Strand? TakeDecision(Strand? actor)
    {
        if (_step >= _maxSteps)
        {
            Raise(StandardFindings.StepBound(_strands, _maxSteps));
            return null;
        }

        ulong enabled = 0;
        var unfinished = false;
        foreach (var strand in _strands)
        {
            if (strand.Finished)
            {
                continue;
            }

            unfinished |= !strand.Daemon;
            if (strand.Wait is null || strand.Wait.IsSatisfied)
            {
                enabled |= 1UL << strand.Index;
            }
        }

        if (enabled == 0)
        {
            if (unfinished)
            {
                Raise(StandardFindings.Deadlock(_strands, _step));
            }
            else
            {
                EndNormally();
            }

            return null;
        }

        var actorIndex = actor?.Index ?? -1;
        var actorEnabled = actor is not null && (enabled & (1UL << actorIndex)) != 0;
        int chosen;
        try
        {
            chosen = _strategy.ChooseStrand(new SchedulingPoint(_step, actorIndex, actorEnabled, enabled, _strands.Count, this));
        }
        catch (ScheduleDivergedException diverged)
        {
            Raise(StandardFindings.Diverged(diverged.Message));
            return null;
        }

        if (chosen < 0)
        {
            _pruned = true;
            CaptureFinalPending();
            _phase = ExecutionPhase.Unwinding;
            return null;
        }

        if (chosen >= _strands.Count || (enabled & (1UL << chosen)) == 0)
        {
            Raise(StandardFindings.ExplorerError($"the strategy picked strand T{chosen}, which is not enabled at step {_step}"));
            return null;
        }

        var next = _strands[chosen];
        _lastStrandDecision = Log.Decisions.Count;
        Log.Decisions.Add(new ScheduleDecision(DecisionKind.Strand, _step, actorIndex, actorEnabled, chosen, 0, enabled, next.Pending, null));
        _step++;
        next.Wait = null;
        return next;
    }

    /// <summary>Every non-daemon strand finished and no daemon can run: run the AtEnd checks here, on the baton holder.</summary>
    private void EndNormally()
    {
        CaptureFinalPending();
        _phase = ExecutionPhase.Ending;
        foreach (var check in _atEndChecks)
        {
            try
            {
                check();
            }
            catch (StrandAbortException)
            {
                break; // Fail() recorded the finding.
            }
            catch (Exception exception)
            {
                Raise(StandardFindings.AtEndThrew(exception));
                break;
            }
        }

        _phase = ExecutionPhase.Unwinding;
    }

    private void Raise(Finding raised)
    {
        CaptureFinalPending();
        if (_finding is null)
        {
            _finding = raised;
            _findingStep = _step;
        }

        _phase = ExecutionPhase.Unwinding;
    }

    /// <summary>Records, once, what each unfinished strand was about to do when the outcome was fixed.</summary>
    private void CaptureFinalPending()
    {
        if (Log.FinalPending.Count > 0)
        {
            return;
        }

        foreach (var strand in _strands)
        {
            Log.FinalPending.Add(strand.Finished ? null : strand.Pending);
        }
    }

    private void Resume(Strand strand)
    {
        if (strand.Carrier is null)
        {
            var carrier = _backend.Launch(() => RunStrand(strand));
            strand.Carrier = carrier;
            strand.ThreadId = carrier.ThreadId;
            strand.Started = true;
        }

        strand.Carrier.Resume();
    }

    /// <summary>The strand wrapper: runs the body, turns whatever happens into an outcome, passes the baton on.</summary>
    private void RunStrand(Strand strand)
    {
        try
        {
            strand.Body();
        }
        catch (StrandAbortException)
        {
        }
        catch (Exception exception)
        {
            if (_phase == ExecutionPhase.Running && !_hung)
            {
                Raise(StandardFindings.StrandThrew(strand, exception, _step));
            }
        }

        strand.Finished = true;
        if (strand.Carrier!.IsAbandoned)
        {
            return; // A runaway that came back: its execution is long over.
        }

        if (_phase == ExecutionPhase.Running)
        {
            try
            {
                var next = TakeDecision(strand);
                if (next is not null)
                {
                    _current = next;
                    Resume(next);
                    return; // The baton is gone: touch nothing else.
                }
            }
            catch (Exception exception) when (exception is not StrandAbortException)
            {
                Raise(StandardFindings.ExplorerError($"{exception.GetType().Name} while scheduling: {exception.Message}"));
            }
            catch (StrandAbortException)
            {
            }
        }

        _backend.ReturnToController();
    }

    /// <summary>Waits for the baton to come back; false when no step was taken for the watchdog period.</summary>
    private bool AwaitBaton()
    {
        var slice = _watchdog / 8;
        if (slice < TimeSpan.FromMilliseconds(1))
        {
            slice = TimeSpan.FromMilliseconds(1);
        }

        var lastStep = Volatile.Read(ref _step);
        var lastProgress = Stopwatch.GetTimestamp();
        while (!_backend.WaitForController(slice))
        {
            var now = Stopwatch.GetTimestamp();
            var seen = Volatile.Read(ref _step);
            if (seen != lastStep)
            {
                lastStep = seen;
                lastProgress = now;
            }
            else if (Stopwatch.GetElapsedTime(lastProgress, now) >= _watchdog)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The baton holder never came back: give up its thread and report a hang.</summary>
    private void AbandonRunaway()
    {
        var runaway = _current;
        _hung = true;
        runaway.Carrier?.Abandon();
        if (_phase != ExecutionPhase.Unwinding)
        {
            Raise(StandardFindings.Hang(runaway, Volatile.Read(ref _step), _watchdog));
        }

        _phase = ExecutionPhase.Unwinding;
    }

    /// <summary>Unwinds, one at a time, every strand that started and is still parked in a scheduling point.</summary>
    private void UnwindRemaining()
    {
        _phase = ExecutionPhase.Unwinding;
        CaptureFinalPending();
        foreach (var strand in _strands)
        {
            if (!strand.Started || strand.Finished || strand.Carrier!.IsAbandoned)
            {
                continue;
            }

            _current = strand;
            strand.Carrier.Resume();
            if (!AwaitBaton())
            {
                // It swallowed the unwinding and ran away; the outcome is already fixed.
                _hung = true;
                strand.Carrier.Abandon();
            }
        }
    }

    /// <summary>The running strand, or null during the AtEnd checks (scheduling points are then no-ops).</summary>
    private Strand? EnterFromStrand()
    {
        var me = CheckBatonThread();
        return _phase switch
        {
            ExecutionPhase.Running => me,
            ExecutionPhase.Ending => null,
            _ => throw new StrandAbortException(),
        };
    }

    private Strand EnterRunning(string what)
    {
        var me = CheckBatonThread();
        return _phase switch
        {
            ExecutionPhase.Running => me,
            ExecutionPhase.Ending => throw new InvalidOperationException($"{what} is not allowed in an AtEnd check"),
            _ => throw new StrandAbortException(),
        };
    }

    private Strand CheckBatonThread()
    {
        var me = _current;
        if (me.ThreadId != -1 && me.ThreadId != Environment.CurrentManagedThreadId)
        {
            if (_hung || _phase == ExecutionPhase.Unwinding)
            {
                throw new StrandAbortException();
            }

            throw new InvalidOperationException(
                "the emulator was called from a thread that is not the running strand; scenarios must not start threads or tasks");
        }

        return me;
    }
}
