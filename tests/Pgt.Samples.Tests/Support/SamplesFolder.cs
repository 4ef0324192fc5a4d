namespace Pgt.Samples.Tests.Support;

/// <summary>The repository's <c>samples/</c> folder, found from the test binaries, and the sample files in it.</summary>
public static class SamplesFolder
{
    /// <summary>The absolute path of <c>samples/</c>: next to <c>PgtAnalyzers.sln</c>, above the test binaries.</summary>
    public static string Path { get; } = Locate();

    /// <summary>
    /// Every sample file, relative to <see cref="Path"/> with '/' separators, sorted: found at test time,
    /// so a new file is tested without touching the tests. Skips what <c>pgt check</c> skips.
    /// </summary>
    public static IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Path, "*.cs", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
            .Where(relative => !relative.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string FullPath(string relative) =>
        System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static string Locate()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "PgtAnalyzers.sln")))
            {
                return System.IO.Path.Combine(folder.FullName, "samples");
            }
        }

        throw new InvalidOperationException($"no PgtAnalyzers.sln above {AppContext.BaseDirectory}");
    }
}
