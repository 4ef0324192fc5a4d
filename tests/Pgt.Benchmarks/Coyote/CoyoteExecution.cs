using System.Diagnostics.CodeAnalysis;
using Microsoft.Coyote.Specifications;
using Pgt.Emulator.Exploration;
using ControlledTask = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task;
using CoyoteGenerator = Microsoft.Coyote.Random.Generator;
using CoyoteOperation = Microsoft.Coyote.Runtime.Operation;
using CoyoteSchedulingPoint = Microsoft.Coyote.Runtime.SchedulingPoint;

namespace Pgt.Benchmarks.Coyote;

/// <summary>
/// One Coyote test iteration of an emulator scenario: the same <see cref="Scenario"/> code the explorer
/// runs, with Coyote taking every decision. Main runs on Coyote's root operation; every other strand is a
/// controlled task started with Coyote's <c>Task.Run</c> (the method a rewritten <c>Task.Run</c> call
/// becomes, called directly, so no binary rewriting is needed); each emulator scheduling point is a
/// <c>SchedulingPoint.Interleave()</c>; a blocked strand pauses with <c>Operation.PauseUntil</c>, so
/// Coyote knows it is disabled and finds deadlocks; data choices use Coyote's controlled generator.
/// A finding becomes a failed <c>Specification.Assert</c>, which Coyote reports as its bug.
/// Coyote runs one operation at a time, so the fields need no locking.
/// </summary>
internal sealed class CoyoteExecution : IExecution
{
    private readonly List<CoyoteStrand> _strands = new(4);
    private readonly List<Action> _atEndChecks = new();
    private readonly CoyoteGenerator _generator = CoyoteGenerator.Create();
    private CoyoteStrand _current = null!;
    private int _liveNonDaemons;
    private int _step;

    // Set once every non-daemon strand finished and the AtEnd checks ran: idle daemons then return.
    private bool _ending;

    private readonly CoyoteTally _tally;

    private CoyoteExecution(CoyoteTally tally) => this._tally = tally;

    /// <summary>The finding that failed this iteration, if any.</summary>
    public Finding? Finding { get; private set; }

    public StrandId Current => new(_current.Index);

    public int Step => _step;

    /// <summary>
    /// The body of one Coyote iteration (what <c>TestingEngine.Create</c> runs): main is the root
    /// operation; it waits for the other strands, runs the end-of-execution checks, then lets the idle
    /// daemons go, so Coyote sees every operation complete.
    /// </summary>
    public static void RunIteration(Scenario scenario, CoyoteTally tally)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(tally);
        tally.Iterations++;
        var execution = new CoyoteExecution(tally);
        var main = execution.AddStrand("main", daemon: false);
        execution._current = main;
        execution.RunStrand(main, () => scenario.Body(execution));
        CoyoteOperation.PauseUntil(execution.IsQuiescent);
        execution._current = main;
        execution.RunAtEndChecks();
        execution._ending = true;
        CoyoteOperation.PauseUntil(execution.AllFinished);
    }

    public string NameOf(StrandId strand) => _strands[strand.Value].Name;

    public StrandId Spawn(string name, Action body, bool daemon = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        var me = _current;
        var strand = AddStrand(name, daemon);
        TakeStep();
        // Coyote's Task.Run creates the controlled operation and takes a scheduling point.
        _ = ControlledTask.Run(() =>
        {
            _current = strand;
            RunStrand(strand, body);
        });
        _current = me;
        return new StrandId(strand.Index);
    }

    public void Point(Operation next)
    {
        var me = _current;
        TakeStep();
        CoyoteSchedulingPoint.Interleave();
        _current = me;
    }

    public void WaitUntil(IWaitCondition condition, Operation next)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var me = _current;
        TakeStep();
        if (condition.IsSatisfied)
        {
            CoyoteSchedulingPoint.Interleave();
        }
        else
        {
            me.Wait = condition;
            CoyoteOperation.PauseUntil(() => condition.IsSatisfied || _ending);
            me.Wait = null;
            if (!condition.IsSatisfied)
            {
                // Only an idle daemon is released this way: unwind it.
                throw new DaemonReleasedException();
            }
        }

        _current = me;
    }

    public bool ChooseBool(string label) => _generator.NextBoolean();

    public int ChooseInt(int count, string label)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return count == 1 ? 0 : _generator.NextInteger(count);
    }

    [DoesNotReturn]
    public void Fail(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        Report(finding);
        throw new InvalidOperationException("unreachable: Coyote stops the iteration at a failed assertion");
    }

    public void AtEnd(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        _atEndChecks.Add(check);
    }

    private void TakeStep()
    {
        _step++;
        _tally.Steps++;
    }

    private CoyoteStrand AddStrand(string name, bool daemon)
    {
        var strand = new CoyoteStrand(_strands.Count, name, daemon);
        _strands.Add(strand);
        if (!daemon)
        {
            _liveNonDaemons++;
        }

        return strand;
    }

    private void RunStrand(CoyoteStrand strand, Action body)
    {
        try
        {
            body();
        }
        catch (DaemonReleasedException)
        {
        }
        catch (Exception exception) when (!IsCoyoteControlFlow(exception))
        {
            Report(new Finding(
                "strand-exception",
                $"BUG: EMU: strand T{strand.Index} \"{strand.Name}\" threw {exception.GetType().Name}: {exception.Message}",
                []));
        }

        strand.Finished = true;
        if (!strand.Daemon)
        {
            _liveNonDaemons--;
        }
    }

    private void RunAtEndChecks()
    {
        foreach (var check in _atEndChecks)
        {
            try
            {
                check();
            }
            catch (Exception exception) when (!IsCoyoteControlFlow(exception))
            {
                Report(new Finding("at-end-exception", $"BUG: EMU: an end-of-execution check threw {exception.GetType().Name}", []));
            }
        }
    }

    /// <summary>Every non-daemon strand finished and every daemon waits for work that cannot come.</summary>
    private bool IsQuiescent()
    {
        if (_liveNonDaemons != 0)
        {
            return false;
        }

        foreach (var strand in _strands)
        {
            if (strand.Daemon && !strand.Finished && !strand.IsIdleDaemon)
            {
                return false;
            }
        }

        return true;
    }

    private bool AllFinished()
    {
        foreach (var strand in _strands)
        {
            if (!strand.Finished && strand.Index != 0)
            {
                return false;
            }
        }

        return true;
    }

    [DoesNotReturn]
    private void Report(Finding finding)
    {
        Finding ??= finding;
        _tally.FirstFindingKind ??= finding.Kind;
        Specification.Assert(false, "{0}: {1}", finding.Kind, finding.Title);
        throw new InvalidOperationException("unreachable: Coyote stops the iteration at a failed assertion");
    }

    /// <summary>Coyote unwinds the operations of a finished iteration with exceptions of its own: let them through.</summary>
    private static bool IsCoyoteControlFlow(Exception exception) =>
        exception is ThreadInterruptedException or OperationCanceledException
        || exception.GetType().Namespace?.StartsWith("Microsoft.Coyote", StringComparison.Ordinal) == true;

    /// <summary>Unwinds an idle daemon at the end of an iteration.</summary>
    private sealed class DaemonReleasedException : Exception
    {
    }
}
