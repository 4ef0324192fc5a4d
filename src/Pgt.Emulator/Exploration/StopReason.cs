namespace Pgt.Emulator.Exploration;

/// <summary>Why an exploration stopped.</summary>
public enum StopReason
{
    /// <summary>A finding was found and <see cref="ExplorationOptions.StopAtFirstFinding"/> was set.</summary>
    Finding,

    /// <summary>DFS or DPOR explored every schedule within the bounds.</summary>
    Exhausted,

    /// <summary>The execution budget was used up.</summary>
    MaxExecutions,

    /// <summary>The wall-clock budget was used up.</summary>
    Timeout,

    /// <summary><see cref="ExplorationOptions.Cancellation"/> was signalled.</summary>
    Cancelled,
}
