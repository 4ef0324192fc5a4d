using Pgt.Emulator.Exploration;

namespace Pgt.Cli.CommandLine;

/// <summary>Everything <c>pgt check</c> was asked to do. Defaults are the explorer's own, but for <see cref="Iterations"/>.</summary>
public sealed record CheckOptions
{
    /// <summary>The folder checked when no PATH is given.</summary>
    public const string DefaultPath = "samples";

    /// <summary>
    /// Executions per scenario unless --iterations says otherwise. Lower than the explorer's own default
    /// because a clean scenario uses all of them: with it, <c>pgt check samples</c> (16 clean scenarios)
    /// finishes in about a minute on a 2-core machine, and every sample bug is still found (the slowest,
    /// the release race of catalogue #10, within 1166 executions for each of the seeds 0 to 40).
    /// </summary>
    public const int DefaultIterations = 2000;

    private static readonly ExplorationOptions ExplorerDefaults = new();

    public IReadOnlyList<string> Paths { get; init; } = [DefaultPath];

    public StrategyKind Strategy { get; init; } = ExplorerDefaults.Strategy;

    public ulong Seed { get; init; } = ExplorerDefaults.Seed;

    public int Iterations { get; init; } = DefaultIterations;

    public int MaxSteps { get; init; } = ExplorerDefaults.MaxSteps;

    public int? PreemptionBound { get; init; } = ExplorerDefaults.PreemptionBound;

    public int PctDepth { get; init; } = ExplorerDefaults.PctDepth;

    /// <summary>Wall-clock budget of the whole run (compilation, analysis and every exploration).</summary>
    public TimeSpan? Timeout { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Text;

    /// <summary>Where to write one trace per finding; null to write none.</summary>
    public string? TraceDirectory { get; init; }

    /// <summary>Where to write one HTML page per finding (<c>--html DIR</c>); null to write none.</summary>
    public string? HtmlDirectory { get; init; }

    public int Workers { get; init; } = ExplorerDefaults.Workers;

    /// <summary>How long a strand may run without reaching a scheduling point before it is a hang.</summary>
    public TimeSpan Watchdog { get; init; } = ExplorerDefaults.Watchdog;

    /// <summary>
    /// Columns the summary table may take: 0 for no limit, null for the terminal's width when stdout is a
    /// terminal (no limit when it is redirected).
    /// </summary>
    public int? Width { get; init; }

    /// <summary>Run one part of each exploration (<c>--shard i/n</c>); null for all of it.</summary>
    public ExplorationShard? Shard { get; init; }

    /// <summary>Shrink each finding's schedule before it is reported and traced (<c>--no-shrink</c> turns it off).</summary>
    public bool Shrink { get; init; } = true;

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
        Shard = Shard,
        Shrink = Shrink,
        Progress = progress,
    };
}
