using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgt.Benchmarks.Analyzers;
using Pgt.Benchmarks.Editor;
using Pgt.Benchmarks.Exploration;
using Pgt.Benchmarks.Measurement;
using Pgt.Benchmarks.Report;

namespace Pgt.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Pgt.Benchmarks [-- --quick] [--only a,b]</c>: runs every
/// section, prints each table as it finishes, then the figures against their targets. Exit code 0 when
/// the run completed (targets missed are reported, not failures), 2 on bad usage or a failed measurement.
/// </summary>
public static class BenchmarkProgram
{
    private static readonly string[] Sections =
    [
        AnalyzerCostBenchmark.Section,
        EditorLatencyBenchmark.Section,
        LspLatencyBenchmark.Section,
        AnalyzerGrowthBenchmark.Section,
        ExplorerStrategyBenchmark.Section,
        ExplorerVsCoyoteBenchmark.Section,
        ExplorerGrowthBenchmark.Section,
    ];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            if (args.Length > 0 && args[0] == ChildProcess.Flag)
            {
                RunChild(args.AsSpan(1).ToArray(), output);
                return 0;
            }

            var options = Parse(args);
            RunAll(options, output);
            return 0;
        }
        catch (ArgumentException bad)
        {
            error.WriteLine($"pgt-bench: {bad.Message}");
            error.WriteLine("usage: Pgt.Benchmarks [--quick] [--only " + string.Join(",", Sections) + "]");
            return 2;
        }
        catch (InvalidOperationException failed)
        {
            error.WriteLine($"pgt-bench: {failed.Message}");
            return 2;
        }
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static BenchOptions Parse(string[] args)
    {
        var quick = false;
        var only = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--only" when i + 1 < args.Length:
                    foreach (var section in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!Sections.Contains(section))
                        {
                            throw new ArgumentException($"unknown section '{section}'");
                        }

                        only.Add(section);
                    }

                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        return new BenchOptions { Quick = quick, Only = only };
    }

    private static void RunAll(BenchOptions options, TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        var machine = MachineInfo.Read();
        var report = new BenchReport(output);
        report.Line($"# PgtAnalyzers benchmarks ({(options.Quick ? "quick smoke run: figures are not meaningful" : "full run")})");
        report.Line("");
        report.Line($"Machine: {machine.Cores} cores, {machine.CpuModel}, {machine.Runtime}, {machine.OperatingSystem}; load average {machine.LoadAverage}.");
        report.Line($"Release build: {IsOptimized()}. Corpus seed {BenchOptions.CorpusSeed}.");

        IReadOnlyDictionary<string, SetMeasurement>? analyzerCost = null;
        if (options.Runs(AnalyzerCostBenchmark.Section))
        {
            analyzerCost = AnalyzerCostBenchmark.Run(options, report);
        }

        if (options.Runs(EditorLatencyBenchmark.Section))
        {
            EditorLatencyBenchmark.Run(options, report);
        }

        if (options.RunsLsp)
        {
            LspLatencyBenchmark.Run(options, report);
        }

        if (options.Runs(AnalyzerGrowthBenchmark.Section))
        {
            AnalyzerGrowthBenchmark.Run(options, report, analyzerCost);
        }

        if (options.Runs(ExplorerStrategyBenchmark.Section))
        {
            ExplorerStrategyBenchmark.Run(options, report);
        }

        if (options.Runs(ExplorerVsCoyoteBenchmark.Section))
        {
            ExplorerVsCoyoteBenchmark.Run(options, report);
        }

        if (options.Runs(ExplorerGrowthBenchmark.Section))
        {
            ExplorerGrowthBenchmark.Run(options, report);
        }

        report.PrintTargets(machine.LoadAverage, stopwatch.Elapsed);
    }

    private static void RunChild(string[] args, TextWriter output)
    {
        int Int(int index) => index < args.Length && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"child argument {index} is missing or not a number");

        switch (args.FirstOrDefault())
        {
            case "measure-set" when args.Length == 6:
                ChildProcess.Reply(SetMeasurer.Measure(args[1], Int(2), Int(3), Int(4), Int(5)), output);
                break;
            case "measure-growth" when args.Length == 5:
                ChildProcess.Reply(SetMeasurer.MeasureGrowth(Int(1), Int(2), Int(3), Int(4)), output);
                break;
            case "editor" when args.Length == 6:
                ChildProcess.Reply(EditorLatencyBench.Measure(Int(1), Int(2), Int(3), Int(4), Int(5)), output);
                break;
            case "write-corpus" when args.Length == 3:
                foreach (var file in new Corpus.CorpusGenerator(BenchOptions.CorpusSeed).Generate(Int(2)))
                {
                    Directory.CreateDirectory(args[1]);
                    File.WriteAllText(Path.Combine(args[1], file.Name), file.Text);
                }

                break;
            case "diagnostics" when args.Length == 3:
                var compiler = new CorpusCompiler();
                var set = AnalyzerSets.Create(args[1]);
                var compilation = compiler.Create(CorpusCompiler.Parse(new Corpus.CorpusGenerator(BenchOptions.CorpusSeed).Generate(Int(2))), set);
                foreach (var diagnostic in compilation.WithAnalyzers(set.Analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult())
                {
                    output.WriteLine(diagnostic.ToString());
                }

                break;
            default:
                throw new ArgumentException($"unknown child command '{string.Join(' ', args)}'");
        }
    }

    private static bool IsOptimized() =>
        typeof(BenchmarkProgram).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>()
            .All(d => !d.IsJITOptimizerDisabled);
}
