using Pgt.Benchmarks.Measurement;
using Pgt.Benchmarks.Report;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>
/// The corpus compiled (i) with no analyzers, (ii) with PgtAnalyzers, (iii) with CA2000 only, (iv) with
/// IDisposableAnalyzers, each configuration in a child process of its own.
/// </summary>
internal static class AnalyzerCostBenchmark
{
    public const string Section = "analyzers";

    public static IReadOnlyDictionary<string, SetMeasurement> Run(BenchOptions options, BenchReport report)
    {
        var results = new Dictionary<string, SetMeasurement>(StringComparer.Ordinal);
        foreach (var key in AnalyzerSets.Keys)
        {
            results[key] = Measure(key, options.CorpusLines, options.WarmupLines, options.CompileRepeats);
        }

        var plain = results[AnalyzerSets.Plain];
        var plainMs = Stats.Median(plain.WallMs);
        var table = new ReportTable(
            $"Analyzer cost: {Format.Count(plain.Lines)} lines in {plain.Files} files (median of {options.CompileRepeats})",
            "configuration", "analyzer time", "share of (i)", "analysis pass wall", "allocated in the pass", "diagnostics", "peak RSS");
        table.Add("(i) no analyzers: parse + emit", "-", $"100% = {Format.Ms(plainMs)}", "-", "-", "0 errors", Format.MiB(plain.PeakBytes));
        foreach (var key in AnalyzerSets.Keys.Skip(1))
        {
            var set = results[key];
            var own = Stats.Median(set.AnalyzerMs);
            table.Add(
                AnalyzerSets.Title(key),
                Format.Ms(own),
                Format.Percent(own / plainMs),
                Format.Ms(Stats.Median(set.WallMs)),
                $"{Stats.Median(set.AllocatedMiB):F0} MiB",
                Summarize(set),
                Format.MiB(set.PeakBytes));
        }

        table.Notes.Add("Analyzer time: Roslyn's own telemetry (CompilationWithAnalyzers, logAnalyzerExecutionTime) summed over the set's analyzers, one thread (concurrentAnalysis: false).");
        table.Notes.Add("(i): CSharpCompilation parse + Emit on one thread (concurrentBuild: false). Analysis pass wall: GetAnalyzerDiagnosticsAsync on a fresh compilation, binding included.");
        table.Notes.Add("Allocated in the pass: GC.GetTotalAllocatedBytes(precise) over GetAnalyzerDiagnosticsAsync, binding included; it does not move with the machine's load, so it compares builds where times cannot.");
        table.Notes.Add("Peak RSS: VmHWM of a child process that runs only that configuration (reset after warm-up via /proc/self/clear_refs).");
        report.Add(table);

        var pgt = Stats.Median(results[AnalyzerSets.Pgt].AnalyzerMs);
        var ca2000 = Stats.Median(results[AnalyzerSets.Ca2000].AnalyzerMs);
        report.Check("PgtAnalyzers time / plain compile (i)", Format.Percent(pgt / plainMs), "<= 5%", pgt / plainMs <= 0.05);
        report.Check("PgtAnalyzers time / CA2000 time", Format.Ratio(pgt / ca2000), "<= 0.25x", pgt / ca2000 <= 0.25);
        if (results[AnalyzerSets.Pgt].Crashes > 0)
        {
            report.Check("PgtAnalyzers exceptions (AD0001)", Format.Count(results[AnalyzerSets.Pgt].Crashes), "0", false);
        }

        return results;
    }

    public static SetMeasurement Measure(string key, int lines, int warmupLines, int repeats) =>
        ChildProcess.Run<SetMeasurement>([
            "measure-set", key,
            BenchmarkProgram.Invariant(BenchOptions.CorpusSeed),
            BenchmarkProgram.Invariant(lines),
            BenchmarkProgram.Invariant(warmupLines),
            BenchmarkProgram.Invariant(repeats),
        ]);

    private static string Summarize(SetMeasurement set)
    {
        var top = set.ById.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(4)
            .Select(p => $"{p.Key} {Format.Count(p.Value)}");
        var crashes = set.Crashes > 0 ? $"; {set.Crashes} analyzer exceptions" : "";
        return $"{Format.Count(set.Diagnostics)} ({string.Join(", ", top)}){crashes}";
    }
}
