using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>The repository this test runs from (found by walking up to PgtAnalyzers.sln) and its C# sources.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>Every .cs file under <paramref name="relativeFolder"/> (none if it does not exist), build output excluded, in ordinal order.</summary>
    public static IReadOnlyList<string> CSharpFiles(string relativeFolder)
    {
        var folder = Path.Combine(Root, relativeFolder);
        if (!Directory.Exists(folder))
        {
            return Array.Empty<string>();
        }

        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(Root, path)))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The repository-relative path with forward slashes, as messages show it.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            .Any(part => part is "bin" or "obj" or ".git" or "TestResults");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PgtAnalyzers.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No PgtAnalyzers.sln above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
