using System;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>What one sweep worker is analysing right now and for how long, for the watchdog that catches hangs.</summary>
internal sealed class CaseClock
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private Step? _current;
    private long _startedAt;

    /// <summary>The step in progress, or null between steps.</summary>
    public Step? Current => Volatile.Read(ref _current);

    public double SecondsOnCurrent => Current is null ? 0 : (_stopwatch.ElapsedTicks - Interlocked.Read(ref _startedAt)) / (double)Stopwatch.Frequency;

    public void Start(Step step)
    {
        Interlocked.Exchange(ref _startedAt, _stopwatch.ElapsedTicks);
        Volatile.Write(ref _current, step);
    }

    public void Stop() => Volatile.Write(ref _current, null);

    /// <summary>One analysis: what is analysed, and where.</summary>
    internal sealed record Step(string Description, Compilation Compilation, SyntaxTree Tree, TextSpan Span)
    {
        /// <summary>
        /// Whether Roslyn alone (binding the same span, no analyzers) finishes within <paramref name="timeout"/>:
        /// tells a hang of the analyzers from one of the compiler, which no analyzer can prevent.
        /// </summary>
        public bool CompilerAloneFinishesWithin(TimeSpan timeout)
        {
            var thread = new Thread(() => Compilation.GetSemanticModel(Tree).GetDiagnostics(Span)) { IsBackground = true };
            thread.Start();
            return thread.Join(timeout);
        }
    }
}
