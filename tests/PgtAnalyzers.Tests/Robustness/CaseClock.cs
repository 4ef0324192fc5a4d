using System.Diagnostics;
using System.Threading;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>What one sweep worker is analysing right now and for how long, for the watchdog that catches hangs.</summary>
internal sealed class CaseClock
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private string? _current;
    private long _startedAt;

    /// <summary>The case in progress, or null between cases.</summary>
    public string? Current => Volatile.Read(ref _current);

    public double SecondsOnCurrent => Current is null ? 0 : (_stopwatch.ElapsedTicks - Interlocked.Read(ref _startedAt)) / (double)Stopwatch.Frequency;

    public void Start(string description)
    {
        Interlocked.Exchange(ref _startedAt, _stopwatch.ElapsedTicks);
        Volatile.Write(ref _current, description);
    }

    public void Stop() => Volatile.Write(ref _current, null);
}
