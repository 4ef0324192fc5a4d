using Pgt.Benchmarks.Measurement;
using Pgt.Benchmarks.Report;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>How PgtAnalyzers' time (and the plain compile's) grows with the corpus size.</summary>
internal static class AnalyzerGrowthBenchmark
{
    public const string Section = "analyzer-growth";

    public static void Run(BenchOptions options, BenchReport report, IReadOnlyDictionary<string, SetMeasurement>? known)
    {
        var sizes = new List<double>();
        var plainMs = new List<double>();
        var pgtMs = new List<double>();
        var table = new ReportTable("Growth of analyzer time with corpus size", "lines", "plain compile (i)", "PgtAnalyzers time", "PgtAnalyzers per 1,000 lines", "PgtAnalyzers x per doubling");
        foreach (var lines in options.GrowthLines)
        {
            var point = Reuse(known, lines) ?? ChildProcess.Run<GrowthPoint>([
                "measure-growth",
                BenchmarkProgram.Invariant(BenchOptions.CorpusSeed),
                BenchmarkProgram.Invariant(lines),
                BenchmarkProgram.Invariant(options.WarmupLines),
                BenchmarkProgram.Invariant(options.GrowthRepeats),
            ]);
            var own = Stats.Median(point.PgtMs);
            var doubling = pgtMs.Count > 0 ? Format.Ratio(own / pgtMs[^1] / ((double)point.Lines / sizes[^1]) * 2) : "-";
            sizes.Add(point.Lines);
            plainMs.Add(Stats.Median(point.PlainMs));
            pgtMs.Add(own);
            table.Add(Format.Count(point.Lines), Format.Ms(plainMs[^1]), Format.Ms(own), Format.Ms(own / point.Lines * 1000), doubling);
        }

        var pgtSlope = Stats.LogLogSlope(sizes, pgtMs);
        var plainSlope = Stats.LogLogSlope(sizes, plainMs);
        table.Notes.Add($"Log-log slope (1 = linear): PgtAnalyzers {pgtSlope:F2} ({Format.Ratio(Math.Pow(2, pgtSlope))} per doubling), plain compile {plainSlope:F2} ({Format.Ratio(Math.Pow(2, plainSlope))} per doubling).");
        table.Notes.Add($"PgtAnalyzers' growth is {Stats.GrowthVerdict(pgtSlope)}; the plain compile's is {Stats.GrowthVerdict(plainSlope)}. \"x per doubling\" scales each step to an exact doubling of lines.");
        report.Add(table);
    }

    /// <summary>The cost table's own measurement when it was taken at this size (within 2%).</summary>
    private static GrowthPoint? Reuse(IReadOnlyDictionary<string, SetMeasurement>? known, int lines) =>
        known is not null
        && known.TryGetValue(AnalyzerSets.Plain, out var plain) && known.TryGetValue(AnalyzerSets.Pgt, out var pgt)
        && Math.Abs(pgt.Lines - lines) < lines / 50
            ? new GrowthPoint(pgt.Lines, plain.WallMs, pgt.AnalyzerMs)
            : null;
}
