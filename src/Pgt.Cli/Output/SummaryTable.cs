using System.Globalization;
using System.Text;
using Pgt.Cli.Checking;

namespace Pgt.Cli.Output;

/// <summary>
/// The table <c>pgt check</c> prints first: one row per scenario with what it declares, what the analyzers
/// and the explorer found, the executions explored, the time to the first finding and whether it matches.
/// The time column is the only wall-clock value pgt prints, and only here.
/// </summary>
public static class SummaryTable
{
    public const string Ok = "ok";
    public const string Mismatch = "MISMATCH";

    private static readonly string[] Headers =
        ["Scenario", "Expected", "Static", "Dynamic", "Executions", "First finding", "Match", "Description"];

    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var rows = new List<string[]> { Headers };
        rows.AddRange(results.Select(Row));
        var widths = Enumerable.Range(0, Headers.Length)
            .Select(column => rows.Max(row => row[column].Length))
            .ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            AppendRow(text, rows[i], widths);
            if (i == 0)
            {
                AppendRow(text, widths.Select(width => new string('-', width)).ToArray(), widths);
            }
        }

        return text.ToString();
    }

    /// <summary>Expected outcome as one cell: the finding kind (or clean), then the rules.</summary>
    public static string DescribeExpected(Expectation expected) =>
        expected.Rules.Count == 0 ? expected.DescribeDynamic() : $"{expected.DescribeDynamic()} + {expected.DescribeStatic()}";

    /// <summary>The Executions cell: the count and, when it says something, how the exploration ended.</summary>
    public static string DescribeExecutions(DynamicResult dynamic) => dynamic.Status switch
    {
        DynamicStatus.Skipped or DynamicStatus.NotRun => "-",
        DynamicStatus.Interrupted when dynamic.Exploration is null => "?",
        DynamicStatus.Interrupted => Invariant($"{dynamic.Executions} (interrupted)"),
        DynamicStatus.Clean when dynamic.Exhausted => Invariant($"{dynamic.Executions} (exhausted)"),
        DynamicStatus.Clean => Invariant($"{dynamic.Executions} (budget)"),
        DynamicStatus.TimedOut => Invariant($"{dynamic.Executions} (timeout)"),
        _ => Invariant($"{dynamic.Executions}"),
    };

    public static string DescribeDuration(TimeSpan span) =>
        span.TotalSeconds >= 1 ? Invariant($"{span.TotalSeconds:0.0} s") : Invariant($"{span.TotalMilliseconds:0} ms");

    private static string[] Row(ScenarioResult result) =>
    [
        result.Scenario.Name,
        DescribeExpected(result.Scenario.Expected),
        result.StaticRules is null ? "skipped" : result.StaticRules.Count == 0 ? "clean" : string.Join(",", result.StaticRules),
        result.Dynamic.Describe(),
        DescribeExecutions(result.Dynamic),
        result.Dynamic.Finding is { } found ? DescribeDuration(found.Elapsed) : "-",
        result.Matches ? Ok : Mismatch,
        result.Scenario.Description,
    ];

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var column = 0; column < cells.Length; column++)
        {
            var last = column == cells.Length - 1;
            text.Append(last ? cells[column] : cells[column].PadRight(widths[column] + 2));
        }

        text.Append('\n');
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
