namespace Pgt.Benchmarks;

/// <summary>
/// The sizes of one run. The full run measures what the README reports; <c>--quick</c> runs every
/// section on small inputs, as a smoke test that prints every row (its figures mean little).
/// </summary>
internal sealed record BenchOptions
{
    /// <summary>The corpus seed: the date of the mail the project started from.</summary>
    public const int CorpusSeed = 20230608;

    public bool Quick { get; init; }

    /// <summary>Sections to run (all when empty).</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public int CorpusLines => Quick ? 3_000 : 200_000;

    public int WarmupLines => Quick ? 300 : 10_000;

    public int CompileRepeats => Quick ? 1 : 3;

    public IReadOnlyList<int> GrowthLines => Quick ? [1_000, 2_000, 4_000] : [50_000, 100_000, 200_000, 400_000];

    /// <summary>
    /// Repeats per corpus size of the growth series, median taken (the 200k point reuses the cost table's).
    /// One was not enough: the first large run after a small warm-up still runs partly unoptimised analyzer
    /// code (tiered JIT), which made the 100k point dearer than the 200k one.
    /// </summary>
    public int GrowthRepeats => Quick ? 1 : 3;

    public int EditorDocumentLines => Quick ? 400 : 2_000;

    public int EditorProjectLines => Quick ? 1_000 : 20_000;

    /// <summary>
    /// Edits before the measured ones. An editor's analyzer host runs for hours, so the figures are taken once
    /// the JIT has tiered the analyzers' code up: after 10 edits PgtAnalyzers' own time was still falling
    /// (about 80 ms to 25 ms over the next 30); after 40 it is flat in most runs, though some fall for ten edits
    /// more. The warm-up's own times are reported too.
    /// </summary>
    public int EditorWarmupEdits => Quick ? 2 : 40;

    public int EditorEdits => Quick ? 3 : 50;

    /// <summary>Timed edits per csharp-ls session (median taken).</summary>
    public int LspEdits => Quick ? 2 : 10;

    /// <summary>
    /// The csharp-ls section needs the tool and takes minutes to pack, restore and load: a full run has it,
    /// a quick run only when it is named with --only.
    /// </summary>
    public bool RunsLsp => Quick ? Only.Contains("lsp") : Runs("lsp");

    /// <summary>Executions per throughput measurement of random, PCT and DFS.</summary>
    public int ExplorerExecutions => Quick ? 100 : 10_000;

    /// <summary>Coyote iterations per throughput measurement.</summary>
    public int CoyoteIterations => Quick ? 20 : 1_000;

    public int ThroughputRepeats => Quick ? 1 : 3;

    /// <summary>Seeds (runs) per time-to-first-bug figure.</summary>
    public int BugSeeds => Quick ? 2 : 10;

    /// <summary>Plain DFS on the canonical scenario never finishes; it stops here.</summary>
    public int PlainDfsCap => Quick ? 300 : 50_000;

    /// <summary>Small programs (strands, steps) on which plain DFS finishes, for exact coverage counts.</summary>
    public IReadOnlyList<(int Strands, int Steps)> CoveragePrograms => Quick ? [(2, 2), (2, 3)] : [(2, 2), (2, 3), (2, 4), (3, 2)];

    /// <summary>Executions at most for one small program (a bound, so a slow machine still finishes).</summary>
    public int SmallProgramCap => Quick ? 20_000 : 200_000;

    public IReadOnlyList<int> GrowthStrands => Quick ? [2, 4] : [2, 4, 8, 16];

    public IReadOnlyList<int> GrowthSteps => Quick ? [25, 50] : [25, 50, 100, 200, 400];

    public int GrowthExecutions => Quick ? 30 : 2_000;

    public bool Runs(string section) => Only.Count == 0 || Only.Contains(section);
}
