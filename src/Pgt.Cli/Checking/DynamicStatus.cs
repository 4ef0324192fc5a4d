namespace Pgt.Cli.Checking;

/// <summary>How a scenario's exploration ended.</summary>
public enum DynamicStatus
{
    /// <summary>Every execution within the budget or bound was clean.</summary>
    Clean,

    /// <summary>An execution ended with a finding.</summary>
    Finding,

    /// <summary>The run's timeout cut the exploration short; no finding so far.</summary>
    TimedOut,

    /// <summary>Ctrl-C (or a timeout the explorer could not honour in time) stopped it; no finding so far.</summary>
    Interrupted,

    /// <summary>The run stopped before this scenario started.</summary>
    NotRun,

    /// <summary>--no-dynamic.</summary>
    Skipped,
}
