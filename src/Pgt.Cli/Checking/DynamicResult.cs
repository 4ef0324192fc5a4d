using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Checking;

/// <summary>The dynamic verdict of one scenario.</summary>
/// <param name="Status">How the exploration ended.</param>
/// <param name="Exploration">The explorer's result; null when the scenario was not run or was abandoned.</param>
/// <param name="TracePath">Where the finding's trace was written, as the replay hint prints it; null for none.</param>
public sealed record DynamicResult(DynamicStatus Status, ExplorationResult? Exploration, string? TracePath)
{
    public FoundFinding? Finding => Exploration?.FirstFinding;

    public long Executions => Exploration?.Executions ?? 0;

    public bool Exhausted => Exploration?.Exhausted ?? false;

    /// <summary>What the Dynamic column shows.</summary>
    public string Describe() => Status switch
    {
        DynamicStatus.Finding => Finding!.Finding.Kind,
        DynamicStatus.Clean => "clean",
        DynamicStatus.TimedOut => "timeout",
        DynamicStatus.Interrupted => "interrupted",
        DynamicStatus.NotRun => "not run",
        _ => "skipped",
    };
}
