using System.Globalization;
using System.Text;
using Pgt.Cli.Checking;

namespace Pgt.Cli.Output;

/// <summary>
/// The table <c>pgt check</c> prints first: one row per scenario with what it declares, what the analyzers
/// and the explorer found, the executions explored, the time to the first finding and whether it matches.
/// The time column is the only wall-clock value pgt prints, and only here. Given a width (a terminal's),
/// the widest columns shrink until the table fits and their cells wrap onto more lines; the JSON keeps
/// every cell whole.
/// </summary>
public static class SummaryTable
{
    public const string Ok = "ok";
    public const string Mismatch = "MISMATCH";

    private static readonly string[] Headers =
        ["Scenario", "Expected", "Static", "Dynamic", "Executions", "First finding", "Match", "Description"];

    private const int Gap = 2;

    /// <summary>Narrowest a column shrinks to: its header's longest word, and no less than this.</summary>
    private const int MinColumnWidth = 5;

    /// <param name="results">One row each.</param>
    /// <param name="maxWidth">Columns the table may take; 0 for no limit (one line per row).</param>
    public static string Render(IReadOnlyList<ScenarioResult> results, int maxWidth = 0)
    {
        var rows = new List<string[]> { Headers };
        rows.AddRange(results.Select(Row));
        var widths = Enumerable.Range(0, Headers.Length)
            .Select(column => rows.Max(row => row[column].Length))
            .ToArray();
        if (maxWidth > 0)
        {
            Shrink(widths, maxWidth);
        }

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

    /// <summary>Below this the description stops giving way and the other columns start to.</summary>
    private const int DescriptionFirstDownTo = 24;

    /// <summary>
    /// Narrows the description first (it is prose, and the JSON has it whole), then takes a column off the
    /// widest cell one at a time, until the table fits or every column is at its minimum.
    /// </summary>
    private static void Shrink(int[] widths, int maxWidth)
    {
        var description = widths.Length - 1;
        var overflow = widths.Sum() + (Gap * (widths.Length - 1)) - maxWidth;
        if (overflow > 0 && widths[description] > DescriptionFirstDownTo)
        {
            widths[description] -= Math.Min(overflow, widths[description] - DescriptionFirstDownTo);
        }

        var minimums = Headers.Select(header => Math.Max(MinColumnWidth, header.Split(' ').Max(word => word.Length))).ToArray();
        minimums[Array.IndexOf(Headers, "Match")] = Mismatch.Length; // the verdict stays whole
        while (widths.Sum() + (Gap * (widths.Length - 1)) > maxWidth)
        {
            var widest = -1;
            for (var column = 0; column < widths.Length; column++)
            {
                if (widths[column] > minimums[column] && (widest < 0 || widths[column] > widths[widest]))
                {
                    widest = column;
                }
            }

            if (widest < 0)
            {
                return; // narrower than every column's minimum: the terminal wraps what is left
            }

            widths[widest]--;
        }
    }

    /// <summary>
    /// The lines of a cell <paramref name="width"/> wide: breaks after a space, comma, hyphen or underscore
    /// where it can, inside a word where it must.
    /// </summary>
    public static List<string> Wrap(string cell, int width)
    {
        var lines = new List<string>();
        var rest = cell;
        while (rest.Length > width)
        {
            // A space at the width is dropped; a comma, hyphen or underscore stays, so it must fit.
            var space = rest.LastIndexOf(' ', width);
            var mark = rest.LastIndexOfAny([',', '-', '_'], width - 1);
            var take = Math.Max(space, mark + 1);
            take = take <= 0 ? width : take;
            lines.Add(rest[..take].TrimEnd());
            rest = rest[take..].TrimStart();
        }

        lines.Add(rest);
        return lines;
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
        DynamicStatus.Clean when dynamic.Exhausted && dynamic.Exploration is { Shard: null, PreemptionBound: { } bound } =>
            Invariant($"{dynamic.Executions} (verified, pb={bound})"),
        DynamicStatus.Clean when dynamic.Exhausted && dynamic.Exploration?.Shard is null => Invariant($"{dynamic.Executions} (verified)"),
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
        result.DescribeStatic(),
        result.Dynamic.Describe(),
        DescribeExecutions(result.Dynamic),
        result.Dynamic.Finding is { } found ? DescribeDuration(found.Elapsed) : "-",
        result.Matches ? Ok : Mismatch,
        result.Scenario.Description,
    ];

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        var wrapped = cells.Select((cell, column) => cell.Length <= widths[column] ? [cell] : Wrap(cell, widths[column])).ToArray();
        var height = wrapped.Max(lines => lines.Count);
        for (var line = 0; line < height; line++)
        {
            var row = new StringBuilder();
            for (var column = 0; column < cells.Length; column++)
            {
                var part = line < wrapped[column].Count ? wrapped[column][line] : "";
                row.Append(column == cells.Length - 1 ? part : part.PadRight(widths[column] + Gap));
            }

            // A continuation line may end in padding; the first line stays as it always was.
            text.Append(line == 0 ? row.ToString() : row.ToString().TrimEnd()).Append('\n');
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
