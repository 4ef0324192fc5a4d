namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>
/// A strategy that follows a recorded schedule (replay, or a DFS re-execution) found the program doing
/// something else at this point. The execution ends with a <c>schedule-diverged</c> finding.
/// </summary>
internal sealed class ScheduleDivergedException : Exception
{
    public ScheduleDivergedException(string message)
        : base(message)
    {
    }
}
