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
            var plain = Reuse(known, AnalyzerSets.Plain, lines) ?? AnalyzerCostBenchmark.Measure(AnalyzerSets.Plain, lines, options.WarmupLines, options.GrowthRepeats);
            var pgt = Reuse(known, AnalyzerSets.Pgt, lines) ?? AnalyzerCostBenchmark.Measure(AnalyzerSets.Pgt, lines, options.WarmupLines, options.GrowthRepeats);
            var own = Stats.Median(pgt.AnalyzerMs);
            var doubling = pgtMs.Count > 0 ? Format.Ratio(own / pgtMs[^1] / ((double)pgt.Lines / sizes[^1]) * 2) : "-";
            sizes.Add(pgt.Lines);
            plainMs.Add(Stats.Median(plain.WallMs));
            pgtMs.Add(own);
            table.Add(Format.Count(pgt.Lines), Format.Ms(plainMs[^1]), Format.Ms(own), Format.Ms(own / pgt.Lines * 1000), doubling);
        }

        var pgtSlope = Stats.LogLogSlope(sizes, pgtMs);
        var plainSlope = Stats.LogLogSlope(sizes, plainMs);
        table.Notes.Add($"Log-log slope (1 = linear): PgtAnalyzers {pgtSlope:F2} ({Format.Ratio(Math.Pow(2, pgtSlope))} per doubling), plain compile {plainSlope:F2} ({Format.Ratio(Math.Pow(2, plainSlope))} per doubling).");
        table.Notes.Add($"PgtAnalyzers' growth is {Stats.GrowthVerdict(pgtSlope)}; the plain compile's is {Stats.GrowthVerdict(plainSlope)}. \"x per doubling\" scales each step to an exact doubling of lines.");
        report.Add(table);
    }

    private static SetMeasurement? Reuse(IReadOnlyDictionary<string, SetMeasurement>? known, string key, int lines) =>
        known is not null && known.TryGetValue(key, out var result) && Math.Abs(result.Lines - lines) < lines / 50 ? result : null;
}
