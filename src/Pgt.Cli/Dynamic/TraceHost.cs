using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pgt.Cli.Checking;
using Pgt.Cli.Compilation;

namespace Pgt.Cli.Dynamic;

/// <summary>
/// What pgt records in a trace's host metadata so that <c>pgt replay</c> can rebuild the scenario: the
/// declaring type and method, every checked file (absolute path, with a hash to notice later edits),
/// a hash of the embedded port, and the watchdog (it appears in hang reports).
/// </summary>
public static class TraceHost
{
    public const string TypeKey = "pgt.scenario.type";
    public const string MethodKey = "pgt.scenario.method";
    public const string WatchdogKey = "pgt.watchdog.ms";
    public const string ContextKey = "pgt.context.sha256";
    public const string SourcePrefix = "pgt.source:";

    public static IReadOnlyDictionary<string, string> Describe(
        ScenarioDeclaration scenario, IReadOnlyList<SourceFile> files, ContextSource? context, TimeSpan watchdog)
    {
        var host = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [TypeKey] = scenario.TypeName,
            [MethodKey] = scenario.MethodName,
            [WatchdogKey] = ((long)watchdog.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (context is not null)
        {
            host[ContextKey] = Hash(context);
        }

        foreach (var file in files)
        {
            host[SourcePrefix + file.FullPath] = Hash(file.Text);
        }

        return host;
    }

    public static string Hash(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Hash(ContextSource context) =>
        Hash(string.Concat(context.Files.Select(file => file.DisplayPath + "\n" + Hash(file.Text) + "\n")));
}
