using System.Diagnostics;
using PgtAnalyzers.Lsp.Tests.Lsp;
using PgtAnalyzers.Package.Tests.Infrastructure;
using Pgt.Benchmarks.Measurement;
using Pgt.Benchmarks.Report;

namespace Pgt.Benchmarks.Editor;

/// <summary>
/// Edit-to-diagnostic latency through a real language server: csharp-ls on a consumer project of the packed
/// package, as the LSP test drives it. Ten edits alternate between the buggy and the fixed code, each timed
/// from didChange to the publication that has (or no longer has) PGT001; the baseline is the same edits
/// with the client's analyzers off, timed to the publication that has (or no longer has) a compiler error.
/// Run only when named (<c>--only lsp</c>) or in a full run; it needs the tool and the network to restore it.
/// </summary>
internal static class LspLatencyBenchmark
{
    public const string Section = "lsp";
    private const string Document = "Code.cs";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static void Run(BenchOptions options, BenchReport report)
    {
        var root = RepositoryRoot();
        if (CsharpLsSession.Unavailable(root) is { } reason)
        {
            report.Line($"LSP latency: skipped, {reason}");
            return;
        }

        var temp = Directory.CreateTempSubdirectory("pgt-bench-lsp-").FullName;
        try
        {
            var consumer = CreateConsumer(root, temp);
            var edits = options.LspEdits;
            var analyzers = Measure(root, consumer, analyzersEnabled: true, edits,
                ConsumerFiles.BuggyRetract, ConsumerFiles.CorrectRetract, "PGT001");
            var compilerError = ConsumerFiles.BuggyRetract.Replace("table[1] = PageTables.PteNone;", "table[1] = PageTables.PteNone; Undefined();", StringComparison.Ordinal);
            var compiler = Measure(root, consumer, analyzersEnabled: false, edits,
                compilerError, ConsumerFiles.CorrectRetract, "CS0103");

            var table = new ReportTable(
                $"Editor latency through csharp-ls {ToolVersion(root)}: edit -> published diagnostics, {edits} edits",
                "session", "median", "p95", "x compiler-only");
            var analyzerMedian = Stats.Median(analyzers);
            var compilerMedian = Stats.Median(compiler);
            table.Add("analyzers on: PGT001 appears / disappears", Format.Ms(analyzerMedian), Format.Ms(Stats.Percentile(analyzers, 95)), Format.Ratio(analyzerMedian / compilerMedian));
            table.Add("baseline, analyzers off: CS0103 appears / disappears", Format.Ms(compilerMedian), Format.Ms(Stats.Percentile(compiler, 95)), Format.Ratio(1));
            table.Notes.Add("One consumer project (the package tests' Kernel.cs and Code.cs) referencing the packed PgtAnalyzers; Code.cs open; each edit replaces its text (didChange, full text) and alternates bug and fix.");
            table.Notes.Add("Timed from didChange to the first textDocument/publishDiagnostics that shows the edit's effect; analyzers on/off is csharp-ls's client setting csharp.analyzersEnabled.");
            report.Add(table);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static List<double> Measure(string root, string consumer, bool analyzersEnabled, int edits, string buggy, string correct, string code)
    {
        using var session = CsharpLsSession.Open(root, consumer, Document, correct, analyzersEnabled, Timeout);
        // One untimed round trip first: the first analysis after loading is a warm-up.
        session.Edit(buggy, diagnostics => Has(diagnostics, code), Timeout);
        session.Edit(correct, diagnostics => !Has(diagnostics, code), Timeout);
        var latencies = new List<double>();
        for (var i = 0; i < edits; i++)
        {
            var introduce = i % 2 == 0;
            var (_, latency) = session.Edit(introduce ? buggy : correct, diagnostics => Has(diagnostics, code) == introduce, Timeout);
            latencies.Add(latency.TotalMilliseconds);
        }

        return latencies;
    }

    private static bool Has(System.Text.Json.Nodes.JsonArray diagnostics, string code) =>
        diagnostics.Any(diagnostic => diagnostic?["code"]?.GetValue<string>() == code);

    /// <summary>Packs the package (Release, built here) into a feed and restores a consumer of it, as the package tests do.</summary>
    private static string CreateConsumer(string root, string temp)
    {
        var feed = Path.Combine(temp, "feed");
        var pack = DotnetCommand.Run(root, "pack", Path.Combine(root, "analyzers", "PgtAnalyzers.Package", "PgtAnalyzers.Package.csproj"),
            "--configuration", "Release", "--output", feed, "--disable-build-servers");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("packing PgtAnalyzers failed: " + pack.Describe());
        }

        var folder = Path.Combine(temp, "consumer");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "nuget.config"), ConsumerFiles.NuGetConfig(feed));
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), ConsumerFiles.Project(Path.Combine(temp, "packages"), "PgtAnalyzers", "0.1.0"));
        File.WriteAllText(Path.Combine(folder, "Kernel.cs"), ConsumerFiles.Kernel);
        File.WriteAllText(Path.Combine(folder, Document), ConsumerFiles.CorrectRetract);
        File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n");
        var restore = DotnetCommand.Run(folder, "restore", "--disable-build-servers");
        return restore.ExitCode == 0 ? folder : throw new InvalidOperationException("restoring the consumer failed: " + restore.Describe());
    }

    private static string ToolVersion(string root)
    {
        var manifest = File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json"));
        var match = System.Text.RegularExpressions.Regex.Match(manifest, @"""csharp-ls""\s*:\s*\{\s*""version""\s*:\s*""([^""]+)""");
        return match.Success ? match.Groups[1].Value : "?";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PgtAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no PgtAnalyzers.sln above the benchmark");
    }
}
