using System.Text;

namespace Pgt.Benchmarks.Corpus;

/// <summary>Writes indented C# one line at a time and counts the lines.</summary>
internal sealed class SourceBuilder
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public int Lines { get; private set; }

    public SourceBuilder Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(line).Append('\n');
        Lines++;
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents.</summary>
    public SourceBuilder Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return this;
    }

    public SourceBuilder Close(string suffix = "")
    {
        _depth--;
        return Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
