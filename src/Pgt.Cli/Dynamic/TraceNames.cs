using System.Text;

namespace Pgt.Cli.Dynamic;

/// <summary>Trace file names: <c>&lt;scenario&gt;-&lt;kind&gt;.trace.json</c>, safe on every file system.</summary>
public static class TraceNames
{
    public const string Suffix = ".trace.json";

    public static string FileName(string scenario, string kind) => $"{Safe(scenario)}-{Safe(kind)}{Suffix}";

    /// <summary>The finding's HTML page beside its trace: <c>&lt;scenario&gt;-&lt;kind&gt;.html</c>.</summary>
    public static string PageName(string scenario, string kind) => $"{Safe(scenario)}-{Safe(kind)}.html";

    private static string Safe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return safe.Length == 0 ? "_" : safe.ToString();
    }
}
