using System.Diagnostics;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>
/// What the workers of one exploration share: the deadline, the progress counters, and the earliest
/// execution index at which some worker found a bug. A worker stops before running a later execution
/// than that, so which finding wins does not depend on thread timing.
/// </summary>
internal sealed class ExplorationShared
{
    private readonly ExplorationOptions options;
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly object gate = new();
    private long executions;
    private long findings;
    private long lastProgress;
    private int earliestFinding = int.MaxValue;

    public ExplorationShared(ExplorationOptions options) => this.options = options;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

    public bool TimedOut => options.Timeout is { } limit && Elapsed >= limit;

    public int EarliestFinding => Volatile.Read(ref earliestFinding);

    /// <summary>Whether a worker should not start execution <paramref name="index"/> (0-based).</summary>
    public bool ShouldStopBefore(int index) => options.StopAtFirstFinding && index > EarliestFinding;

    public void FoundAt(int index)
    {
        var seen = Volatile.Read(ref earliestFinding);
        while (index < seen)
        {
            var previous = Interlocked.CompareExchange(ref earliestFinding, index, seen);
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
        var total = Interlocked.Increment(ref executions);
        var found = withFinding ? Interlocked.Increment(ref findings) : Interlocked.Read(ref findings);
        if (options.Progress is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastProgress), now) < TimeSpan.FromMilliseconds(100))
        {
            return;
        }

        lock (gate)
        {
            Interlocked.Exchange(ref lastProgress, now);
            options.Progress(new ExplorationProgress(total, found, Elapsed));
        }
    }

    public void ReportFinal()
    {
        if (options.Progress is not null)
        {
            lock (gate)
            {
                options.Progress(new ExplorationProgress(Interlocked.Read(ref executions), Interlocked.Read(ref findings), Elapsed));
            }
        }
    }
}
