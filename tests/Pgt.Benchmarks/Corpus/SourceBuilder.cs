using System.Text;

namespace Pgt.Benchmarks.Corpus;

/// <summary>Writes indented C# one line at a time and counts the lines.</summary>
internal sealed class SourceBuilder
{
    private readonly StringBuilder text = new();
    private int depth;

    public int Lines { get; private set; }

    public SourceBuilder Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', depth * 4);
        }

        text.Append(line).Append('\n');
        Lines++;
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents.</summary>
    public SourceBuilder Open(string header)
    {
        Line(header);
        Line("{");
        depth++;
        return this;
    }

    public SourceBuilder Close(string suffix = "")
    {
        depth--;
        return Line("}" + suffix);
    }

    public override string ToString() => text.ToString();
}
