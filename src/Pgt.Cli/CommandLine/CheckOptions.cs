using Pgt.Emulator.Exploration;

namespace Pgt.Cli.CommandLine;

/// <summary>Everything <c>pgt check</c> was asked to do. Defaults are the explorer's own.</summary>
public sealed record CheckOptions
{
    /// <summary>The folder checked when no PATH is given.</summary>
    public const string DefaultPath = "samples";

    private static readonly ExplorationOptions ExplorerDefaults = new();

    public IReadOnlyList<string> Paths { get; init; } = [DefaultPath];

    public StrategyKind Strategy { get; init; } = ExplorerDefaults.Strategy;

    public ulong Seed { get; init; } = ExplorerDefaults.Seed;

    public int Iterations { get; init; } = ExplorerDefaults.MaxExecutions;

    public int MaxSteps { get; init; } = ExplorerDefaults.MaxSteps;

    public int? PreemptionBound { get; init; } = ExplorerDefaults.PreemptionBound;

    public int PctDepth { get; init; } = ExplorerDefaults.PctDepth;

    /// <summary>Wall-clock budget of the whole run (compilation, analysis and every exploration).</summary>
    public TimeSpan? Timeout { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Text;

    /// <summary>Where to write one trace per finding; null to write none.</summary>
    public string? TraceDirectory { get; init; }

    public int Workers { get; init; } = ExplorerDefaults.Workers;

    /// <summary>How long a strand may run without reaching a scheduling point before it is a hang.</summary>
    public TimeSpan Watchdog { get; init; } = ExplorerDefaults.Watchdog;

    public bool RunStatic { get; init; } = true;

    public bool RunDynamic { get; init; } = true;

    /// <summary>The explorer's options for one scenario, given the time left in the run.</summary>
    public ExplorationOptions ToExplorationOptions(TimeSpan? timeLeft, Action<ExplorationProgress>? progress) => new()
    {
        Strategy = Strategy,
        Seed = Seed,
        MaxExecutions = Iterations,
        MaxSteps = MaxSteps,
        PreemptionBound = PreemptionBound,
        PctDepth = PctDepth,
        Timeout = timeLeft,
        Workers = Workers,
        Watchdog = Watchdog,
        Progress = progress,
    };
}
