namespace Pgt.Cli.Tests.Support;

/// <summary>The scenario files of this project (copied beside the tests) and throw-away folders.</summary>
public static class TestFiles
{
    public static string Scenario(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "Scenarios", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>How pgt prints a path: relative to the working folder when inside it.</summary>
    public static string Shown(string path) => Compilation.SourceCollector.DisplayPath(path, Directory.GetCurrentDirectory());

    public static string Schema(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);
}
