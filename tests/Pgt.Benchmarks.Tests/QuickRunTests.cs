using Xunit;

namespace Pgt.Benchmarks.Tests;

/// <summary>
/// The smoke run: <c>--quick</c> runs every section on small inputs and must print every table with every
/// row and every target. Times are never asserted: they belong to the full run on a quiet machine.
/// </summary>
public sealed class QuickRunTests
{
    private static readonly Lazy<(int ExitCode, string Output, string Error)> QuickRun =
        new(() => BenchmarkProcess.Run(TimeSpan.FromMinutes(8), "--quick"));

    public static TheoryData<string> Rows() => new()
    {
        // Analyzer cost
        "| (i) no analyzers: parse + emit |",
        "| (ii) PgtAnalyzers |",
        "| (iii) CA2000 only (NetAnalyzers 10.0.401) |",
        "| (iv) IDisposableAnalyzers 4.0.8 |",
        // Editor latency
        "| document's PgtAnalyzers diagnostics (edit -> diagnostics) |",
        "| edited member's PgtAnalyzers diagnostics (span request) |",
        "| PgtAnalyzers' own time in the document request (telemetry) |",
        "| baseline: compiler's semantic diagnostics of the document, no analyzer |",
        // Explorer strategies and coverage
        "| random |",
        "| PCT (d=3) |",
        "| DFS (sleep sets, iterated preemption bound) |",
        "| DPOR |",
        "| canonical scenario |",
        "| 2 strands x 2 steps (every 2nd step shared) |",
        "| 2 strands x 3 steps (every 2nd step shared) |",
        // Explorer vs Coyote
        "| ours, PCT (d=3) |",
        "| ours, DPOR |",
        "| Coyote 1.7.11, default portfolio |",
        "| Coyote 1.7.11, PCT (prioritization) |",
        // Targets
        "| PgtAnalyzers time / plain compile (i) |",
        "| PgtAnalyzers time / CA2000 time |",
        "| Editor latency, edited member (median) |",
        "| Editor latency, whole document (median) |",
        "| PgtAnalyzers' own time in the document request (median) |",
        "| PCT decisions/s, one worker |",
        "| Plain DFS / DPOR executions for full coverage (canonical) |",
        "| ours, PCT (d=3): executions/s vs best Coyote |",
        "| ours, PCT (d=3): time to first bug vs best Coyote |",
        "| ours, DPOR: executions/s vs best Coyote |",
        "| ours, DPOR: time to first bug vs best Coyote |",
    };

    [Fact]
    public void QuickRun_Completes()
    {
        var (exitCode, output, error) = QuickRun.Value;

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        Assert.Contains("quick smoke run", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void QuickRun_PrintsRow(string row)
    {
        var output = QuickRun.Value.Output;

        Assert.Contains(row, output, StringComparison.Ordinal);
    }

    [Fact]
    public void QuickRun_PrintsEveryTable()
    {
        var output = QuickRun.Value.Output;

        foreach (var title in new[]
        {
            "### Analyzer cost:", "### Editor latency:", "### Growth of analyzer time with corpus size",
            "### Explorer speed per strategy:", "### Executions for full coverage: plain DFS vs DPOR",
            "### Explorer vs Coyote:", "### Explorer cost vs strands", "### Explorer cost vs steps per strand", "### Targets",
        })
        {
            Assert.Contains(title, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void QuickRun_GrowthTableHasOneRowPerSize()
    {
        // The generator stops at the first whole file past each size, so a row may exceed its size a little.
        var output = QuickRun.Value.Output;
        var growth = output[output.IndexOf("### Growth of analyzer time", StringComparison.Ordinal)..];
        growth = growth[..growth.IndexOf("###", 3, StringComparison.Ordinal)];
        var lines = growth.Split('\n')
            .Where(line => line.Length > 2 && line.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(line[2]))
            .Select(line => int.Parse(line[2..line.IndexOf(" |", StringComparison.Ordinal)], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        Assert.Equal(3, lines.Count);
        foreach (var (size, measured) in new[] { 1_000, 2_000, 4_000 }.Zip(lines))
        {
            Assert.InRange(measured, size, size * 1.25);
        }
    }

    [Fact]
    public void QuickRun_EveryTargetHasAVerdict()
    {
        var targets = QuickRun.Value.Output[QuickRun.Value.Output.IndexOf("### Targets", StringComparison.Ordinal)..];
        var rows = targets.Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| figure", StringComparison.Ordinal)).ToList();

        Assert.Equal(11, rows.Count);
        Assert.All(rows, row => Assert.True(row.EndsWith("| met |", StringComparison.Ordinal) || row.EndsWith("| NOT met |", StringComparison.Ordinal), row));
    }

    [Fact]
    public void UnknownArgument_IsOneLineAndExitCode2()
    {
        var (exitCode, output, error) = BenchmarkProcess.Run(TimeSpan.FromMinutes(1), "--fast");

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("pgt-bench: unknown argument '--fast'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
