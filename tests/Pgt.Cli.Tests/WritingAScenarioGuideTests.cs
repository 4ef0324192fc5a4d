using System.Reflection;
using System.Text.RegularExpressions;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests;

/// <summary>
/// docs/writing-a-scenario.md cannot rot: its scenario is a file that passes pgt check, its table of
/// finding kinds is the emulator's, and it names every driver's Start method of the port.
/// </summary>
public sealed partial class WritingAScenarioGuideTests
{
    private static readonly string Root = FindRoot();
    private static readonly string GuidePath = Path.Combine(Root, "docs", "writing-a-scenario.md");
    private static readonly string ExamplePath = Path.Combine(Root, "docs", "examples", "FirstScenario.cs");

    [Fact]
    public void GuidesScenario_IsTheExampleFileWordForWord()
    {
        var guide = File.ReadAllText(GuidePath);
        var block = CodeBlock().Match(guide);

        Assert.True(block.Success, "the guide has no ```csharp block");
        Assert.Equal(File.ReadAllText(ExamplePath).ReplaceLineEndings("\n"), block.Groups[1].Value.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ExampleScenario_PassesPgtCheck()
    {
        var result = PgtRunner.Run("check", "--iterations", "300", ExamplePath);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"\nRetractUnderGupFast\s+use-after-free\s+clean\s+use-after-free\s+\d+\s+\S+ m?s\s+ok\s", result.Stdout);
    }

    [Fact]
    public void FindingKindsTable_ListsExactlyTheKindsOfTheCode()
    {
        var emulator = typeof(Pgt.Emulator.Exploration.IExecution).Assembly;
        var checkers = KindsOf(emulator, "FindingKinds", _ => true);
        var explorer = KindsOf(emulator, "StandardFindings", field => field.Name.EndsWith("Kind", StringComparison.Ordinal));
        var table = Section(File.ReadAllText(GuidePath), "## Finding kinds")
            .Split('\n')
            .Select(line => TableKind().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();

        Assert.NotEmpty(checkers);
        Assert.NotEmpty(explorer);
        Assert.Equal(table.Count, table.Distinct().Count());
        Assert.Equal(checkers.Concat(explorer).Order(StringComparer.Ordinal), table.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DriversSection_NamesEveryStartMethodOfThePortsDrivers()
    {
        var section = Section(File.ReadAllText(GuidePath), "## Drivers and walkers");
        var starts = Directory.GetFiles(Path.Combine(Root, "src", "Pgt.S390", "Drivers"), "*.cs")
            .SelectMany(file =>
            {
                var text = File.ReadAllText(file);
                var type = Regex.Match(text, @"public (?:static |sealed )*class (\w+)").Groups[1].Value;
                return StartMethod().Matches(text).Select(match => $"{type}.{match.Groups[1].Value}(");
            })
            .ToList();

        Assert.NotEmpty(starts);
        Assert.All(starts, start => Assert.Contains(start, section, StringComparison.Ordinal));
    }

    private static List<string> KindsOf(Assembly assembly, string typeName, Func<FieldInfo, bool> take)
    {
        var type = Assert.Single(assembly.GetTypes(), candidate => candidate.Name == typeName);
        return type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string) && take(field))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();
    }

    /// <summary>From the heading to the next heading of the same level.</summary>
    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' in the guide");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PgtAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no PgtAnalyzers.sln above the test folder");
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^\| `([a-z-]+)` \|")]
    private static partial Regex TableKind();

    [GeneratedRegex(@"public static StrandId (Start\w*)\(")]
    private static partial Regex StartMethod();
}
