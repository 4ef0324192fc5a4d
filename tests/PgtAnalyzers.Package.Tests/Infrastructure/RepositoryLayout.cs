using System.Reflection;

namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>Where the repository and the package project are, and which configuration this test run was built in.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string PackageProject { get; } =
        Path.Combine(Root, "analyzers", "PgtAnalyzers.Package", "PgtAnalyzers.Package.csproj");

    /// <summary>The test project references the package project, so it was built in this same configuration.</summary>
    public static string BuildConfiguration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BuildConfiguration").Value
        ?? throw new InvalidOperationException("BuildConfiguration metadata is missing from the test assembly.");

    /// <summary>The project's public URL, from the build property every help link is made of.</summary>
    public static string RepositoryUrl { get; } = Metadata("RepositoryUrl").TrimEnd('/');

    private static string Metadata(string key) =>
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"{key} metadata is missing from the test assembly.");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PgtAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PgtAnalyzers.sln above {AppContext.BaseDirectory}.");
    }
}
