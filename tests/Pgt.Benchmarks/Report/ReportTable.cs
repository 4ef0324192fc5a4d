namespace Pgt.Benchmarks.Report;

/// <summary>A titled table, printed as Markdown so it can go into the README as it is.</summary>
internal sealed class ReportTable
{
    private readonly List<string[]> _rows = new();

    public ReportTable(string title, params string[] headers)
    {
        Title = title;
        Headers = headers;
    }

    public string Title { get; }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<string[]> Rows => _rows;

    /// <summary>Lines printed under the table: how it was measured, what a figure means.</summary>
    public List<string> Notes { get; } = new();

    public ReportTable Add(params string[] cells)
    {
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"table '{Title}' has {Headers.Count} columns, a row has {cells.Length}");
        }

        _rows.Add(cells);
        return this;
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"### {Title}");
        output.WriteLine();
        output.WriteLine("| " + string.Join(" | ", Headers) + " |");
        output.WriteLine("|" + string.Join("|", Headers.Select(_ => "---")) + "|");
        foreach (var row in _rows)
        {
            output.WriteLine("| " + string.Join(" | ", row) + " |");
        }

        if (Notes.Count > 0)
        {
            output.WriteLine();
            foreach (var note in Notes)
            {
                output.WriteLine(note);
            }
        }

        output.Flush();
    }
}
