using System.Diagnostics;
using System.Globalization;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>The findings the explorer itself raises: the scenario misbehaved rather than a checker firing.</summary>
internal static class StandardFindings
{
    public const string DeadlockKind = "deadlock";
    public const string StepBoundKind = "step-bound";
    public const string HangKind = "hang";
    public const string StrandExceptionKind = "strand-exception";
    public const string AtEndExceptionKind = "at-end-exception";
    public const string DivergedKind = "schedule-diverged";
    public const string ExplorerErrorKind = "explorer-error";

    private const int MaxFrames = 8;

    public static Finding Deadlock(IReadOnlyList<Strand> strands, int step)
    {
        var blocked = new List<string>();
        foreach (var strand in strands)
        {
            if (!strand.Finished)
            {
                var role = strand.Daemon ? " (daemon)" : "";
                var waitsFor = strand.Wait?.ToString() ?? "nothing";
                blocked.Add($"{strand.Label}{role} waits for {waitsFor} before {OperationText.Format(strand.Pending)}");
            }
        }

        var count = strands.Count(s => !s.Finished && !s.Daemon);
        return new Finding(
            DeadlockKind,
            $"BUG: EMU: deadlock: no strand can run at step {step} ({count} unfinished)",
            [new ReportSection("Blocked strands", blocked)]);
    }

    public static Finding StepBound(IReadOnlyList<Strand> strands, int maxSteps)
    {
        var running = new List<string>();
        foreach (var strand in strands)
        {
            if (!strand.Finished)
            {
                var state = strand.Wait is null || strand.Wait.IsSatisfied
                    ? $"runnable, next {OperationText.Format(strand.Pending)}"
                    : $"waits for {strand.Wait}";
                running.Add($"{strand.Label}{(strand.Daemon ? " (daemon)" : "")}: {state}");
            }
        }

        return new Finding(
            StepBoundKind,
            $"BUG: EMU: step bound exceeded: {maxSteps} scheduling points without finishing (livelock?)",
            [new ReportSection("Unfinished strands", running)]);
    }

    public static Finding Hang(Strand strand, int step, TimeSpan watchdog) =>
        new(
            HangKind,
            $"BUG: EMU: hang: {strand.Label} reached no scheduling point for {FormatSeconds(watchdog)} after step {step}",
            [
                new ReportSection("Runaway strand", [
                    $"{strand.Label} is running code that never calls the emulator (an endless loop in plain C#?);",
                    "its OS thread was abandoned; later executions use new threads",
                ]),
            ]);

    public static Finding StrandThrew(Strand strand, Exception exception, int step) =>
        new(
            StrandExceptionKind,
            $"BUG: EMU: strand {strand.Label} threw {exception.GetType().Name}: {OneLine(exception.Message)}",
            [new ReportSection($"Exception at step {step}", DescribeException(exception))]);

    public static Finding AtEndThrew(Exception exception) =>
        new(
            AtEndExceptionKind,
            $"BUG: EMU: an end-of-execution check threw {exception.GetType().Name}: {OneLine(exception.Message)}",
            [new ReportSection("Exception", DescribeException(exception))]);

    public static Finding Diverged(string message) =>
        new(DivergedKind, $"BUG: EMU: {message}", []);

    public static Finding ExplorerError(string message) =>
        new(ExplorerErrorKind, $"BUG: EMU: explorer error: {message}", []);

    /// <summary>Type, message and the first frames outside the explorer: where the scenario went wrong.</summary>
    private static List<string> DescribeException(Exception exception)
    {
        var lines = new List<string> { $"{exception.GetType().FullName}: {OneLine(exception.Message)}" };
        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        var shown = 0;
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (method is null || type?.Namespace?.StartsWith("Pgt.Emulator.Exploration", StringComparison.Ordinal) == true)
            {
                continue;
            }

            var file = frame.GetFileName();
            var where = file is null
                ? ""
                : $" ({Path.GetFileName(file)}:{frame.GetFileLineNumber().ToString(CultureInfo.InvariantCulture)})";
            lines.Add($"  at {type?.FullName}.{method.Name}{where}");
            if (++shown == MaxFrames)
            {
                break;
            }
        }

        if (exception.InnerException is { } inner)
        {
            lines.Add($"caused by {inner.GetType().FullName}: {OneLine(inner.Message)}");
        }

        return lines;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string FormatSeconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
