using System.Diagnostics;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>
/// What the workers of one exploration share: the deadline, the progress counters, and the earliest
/// execution index at which some worker found a bug. A worker stops before running a later execution
/// than that, so which finding wins does not depend on thread timing.
/// </summary>
internal sealed class ExplorationShared
{
    private readonly ExplorationOptions _options;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly object _gate = new();
    private long _executions;
    private long _findings;
    private long _lastProgress;
    private int _earliestFinding = int.MaxValue;

    public ExplorationShared(ExplorationOptions options) => this._options = options;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public bool TimedOut => _options.Timeout is { } limit && Elapsed >= limit;

    public int EarliestFinding => Volatile.Read(ref _earliestFinding);

    /// <summary>Whether a worker should not start execution <paramref name="index"/> (0-based).</summary>
    public bool ShouldStopBefore(int index) => _options.StopAtFirstFinding && index > EarliestFinding;

    public void FoundAt(int index)
    {
        var seen = Volatile.Read(ref _earliestFinding);
        while (index < seen)
        {
            var previous = Interlocked.CompareExchange(ref _earliestFinding, index, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Counts one finished execution and calls the progress callback at most every 100 ms.</summary>
    public void ExecutionDone(bool withFinding)
    {
        var total = Interlocked.Increment(ref _executions);
        var found = withFinding ? Interlocked.Increment(ref _findings) : Interlocked.Read(ref _findings);
        if (_options.Progress is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProgress), now) < TimeSpan.FromMilliseconds(100))
        {
            return;
        }

        lock (_gate)
        {
            Interlocked.Exchange(ref _lastProgress, now);
            _options.Progress(new ExplorationProgress(total, found, Elapsed));
        }
    }

    public void ReportFinal()
    {
        if (_options.Progress is not null)
        {
            lock (_gate)
            {
                _options.Progress(new ExplorationProgress(Interlocked.Read(ref _executions), Interlocked.Read(ref _findings), Elapsed));
            }
        }
    }
}
