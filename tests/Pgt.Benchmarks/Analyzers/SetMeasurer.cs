using Pgt.Benchmarks.Corpus;
using Pgt.Benchmarks.Measurement;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>The child-process side of the analyzer-cost and growth figures: one set, one corpus size.</summary>
internal static class SetMeasurer
{
    public static SetMeasurement Measure(string setKey, int seed, int lines, int warmupLines, int repeats)
    {
        var compiler = new CorpusCompiler();
        var set = AnalyzerSets.Create(setKey);
        var plain = setKey == AnalyzerSets.Plain;

        // Warm the JIT (Roslyn's and the analyzers') on a small corpus of another seed.
        var warmup = new CorpusGenerator(seed + 1).Generate(warmupLines);
        if (plain)
        {
            _ = compiler.CompilePlain(warmup);
        }
        else
        {
            _ = compiler.Analyze(CorpusCompiler.Parse(warmup), set);
        }

        var files = new CorpusGenerator(seed).Generate(lines);
        var total = files.Sum(f => f.Lines);
        var wall = new List<double>();
        var own = new List<double>();
        var allocated = new List<double>();
        var diagnostics = 0;
        var crashes = 0;
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var byAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        _ = PeakMemory.TryReset();
        if (plain)
        {
            for (var i = 0; i < repeats; i++)
            {
                var (elapsed, errors, firstError) = compiler.CompilePlain(files);
                if (errors > 0)
                {
                    throw new InvalidOperationException($"the generated corpus does not compile ({errors} errors; first: {firstError})");
                }

                wall.Add(elapsed.TotalMilliseconds);
            }
        }
        else
        {
            var trees = CorpusCompiler.Parse(files);
            for (var i = 0; i < repeats; i++)
            {
                var pass = compiler.Analyze(trees, set);
                wall.Add(pass.Wall.TotalMilliseconds);
                own.Add(pass.AnalyzerTime.TotalMilliseconds);
                allocated.Add(pass.AllocatedBytes / (1024.0 * 1024.0));
                diagnostics = pass.Diagnostics;
                crashes = pass.Crashes;
                byId = new Dictionary<string, int>(pass.ById, StringComparer.Ordinal);
                byAnalyzer = new Dictionary<string, double>(pass.ByAnalyzer, StringComparer.Ordinal);
            }
        }

        return new SetMeasurement(setKey, total, files.Count, wall.ToArray(), own.ToArray(), diagnostics, byId, crashes, PeakMemory.PeakBytes(), byAnalyzer, allocated.ToArray());
    }

    /// <summary>The plain compile and PgtAnalyzers' time at one size: one process, so one runtime start-up per size.</summary>
    public static GrowthPoint MeasureGrowth(int seed, int lines, int warmupLines, int repeats)
    {
        var compiler = new CorpusCompiler();
        var pgt = AnalyzerSets.Create(AnalyzerSets.Pgt);
        var warmup = new CorpusGenerator(seed + 1).Generate(warmupLines);
        _ = compiler.CompilePlain(warmup);
        _ = compiler.Analyze(CorpusCompiler.Parse(warmup), pgt);

        var files = new CorpusGenerator(seed).Generate(lines);
        var trees = CorpusCompiler.Parse(files);
        var plain = new List<double>();
        var own = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            plain.Add(compiler.CompilePlain(files).Elapsed.TotalMilliseconds);
            own.Add(compiler.Analyze(trees, pgt).AnalyzerTime.TotalMilliseconds);
        }

        return new GrowthPoint(files.Sum(f => f.Lines), plain.ToArray(), own.ToArray());
    }
}
