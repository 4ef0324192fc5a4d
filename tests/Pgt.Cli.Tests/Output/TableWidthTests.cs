using Pgt.Cli.Output;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Output;

/// <summary>The summary table fits the width it is given (a terminal's): the widest cells wrap, nothing is lost.</summary>
public sealed class TableWidthTests
{
    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void Table_FitsTheWidth_AndKeepsEveryWordOfTheDescriptions(int width)
    {
        var wide = PgtRunner.Run("check", "--no-static", "--iterations", "20", TestFiles.Scenario("Outcomes"));
        var narrow = PgtRunner.Run("check", "--no-static", "--iterations", "20", "--width", width.ToString(System.Globalization.CultureInfo.InvariantCulture), TestFiles.Scenario("Outcomes"));

        var wideTable = Table(wide.Stdout);
        var narrowTable = Table(narrow.Stdout);
        Assert.True(wideTable.Max(line => line.Length) > width, "the unlimited table should be wider than the terminal in this test");
        Assert.All(narrowTable, line => Assert.True(line.Length <= width, $"{line.Length} columns: {line}"));
        Assert.True(narrowTable.Count > wideTable.Count);
        // Every description is still there whole, only on more lines.
        Assert.Equal(Descriptions(wideTable), Descriptions(narrowTable));
        // Below the table nothing changes.
        Assert.Equal(wide.Stdout[wide.Stdout.IndexOf("\n\n", wide.Stdout.IndexOf("-----", StringComparison.Ordinal), StringComparison.Ordinal)..].Length,
            narrow.Stdout[narrow.Stdout.IndexOf("\n\n", narrow.Stdout.IndexOf("-----", StringComparison.Ordinal), StringComparison.Ordinal)..].Length);
    }

    [Fact]
    public void WidthZero_IsTheUnlimitedTable()
    {
        var unlimited = PgtRunner.Run("check", "--no-dynamic", TestFiles.Scenario("Static/WriteAfterDefer.cs"));
        var zero = PgtRunner.Run("check", "--no-dynamic", "--width", "0", TestFiles.Scenario("Static/WriteAfterDefer.cs"));

        Assert.Equal(unlimited.Stdout, zero.Stdout);
    }

    [Theory]
    [InlineData("writes a table after handing it", 12, new[] { "writes a", "table after", "handing it" })]
    [InlineData("PGT001,PGT003", 8, new[] { "PGT001,", "PGT003" })]
    [InlineData("reuse-before-grace-period", 12, new[] { "reuse-", "before-", "grace-period" })]
    [InlineData("GrossPatch_ListThroughFreedTable", 12, new[] { "GrossPatch_", "ListThroughF", "reedTable" })]
    [InlineData("short", 12, new[] { "short" })]
    public void Wrap_BreaksAfterSpacesCommasHyphensAndUnderscores(string cell, int width, string[] expected)
    {
        Assert.Equal(expected, SummaryTable.Wrap(cell, width));
    }

    /// <summary>The table's lines: from the header to the blank line after it.</summary>
    private static List<string> Table(string stdout) =>
        stdout.Split('\n').SkipWhile(line => !line.StartsWith("Scenario", StringComparison.Ordinal)).TakeWhile(line => line.Length > 0).ToList();

    /// <summary>Each row's Description cell, its lines joined: a row starts on the line with its verdict (Match never wraps).</summary>
    private static List<string> Descriptions(List<string> table)
    {
        var column = table[0].IndexOf("Description", StringComparison.Ordinal);
        var match = table[0].IndexOf("Match", StringComparison.Ordinal);
        var rows = new List<string>();
        foreach (var line in table.SkipWhile(line => !line.StartsWith("---", StringComparison.Ordinal)).Skip(1))
        {
            var part = line.Length > column ? line[column..] : "";
            if (line[match..column].Trim() is SummaryTable.Ok or SummaryTable.Mismatch)
            {
                rows.Add(part);
            }
            else
            {
                rows[^1] += " " + part;
            }
        }

        return rows;
    }
}
