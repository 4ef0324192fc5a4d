namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>
/// Packs the PgtAnalyzers nupkg once per test run into a fresh temporary folder (outside the repository),
/// which then serves as a local NuGet feed. The consumer project is made on first use and shared.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public const string PackageId = "PgtAnalyzers";
    public const string PackageVersion = "0.1.0";

    private readonly Lazy<ConsumerProject> _consumer;

    public PackageFixture()
    {
        TempRoot = Path.Combine(Path.GetTempPath(), "pgt-package-tests-" + Guid.NewGuid().ToString("N"));
        FeedDirectory = Path.Combine(TempRoot, "feed");
        Directory.CreateDirectory(FeedDirectory);

        // -no-build: the test project references the package project, so it is built already in this
        // configuration; packing must not rebuild the analyzers under a running test suite.
        PackResult = DotnetCommand.Run(
            RepositoryLayout.Root,
            "pack", RepositoryLayout.PackageProject,
            "--configuration", RepositoryLayout.BuildConfiguration,
            "--no-build",
            "--output", FeedDirectory,
            "--disable-build-servers");

        NupkgPath = Path.Combine(FeedDirectory, $"{PackageId}.{PackageVersion}.nupkg");
        if (PackResult.ExitCode != 0 || !File.Exists(NupkgPath))
        {
            throw new InvalidOperationException($"Packing failed or made no {Path.GetFileName(NupkgPath)}. {PackResult.Describe()}");
        }

        _consumer = new Lazy<ConsumerProject>(() => ConsumerProject.CreateAndRestore(this));
    }

    /// <summary>The temporary folder holding the feed, the private packages folder and the consumer.</summary>
    public string TempRoot { get; }

    public string FeedDirectory { get; }

    public string NupkgPath { get; }

    public CommandResult PackResult { get; }

    /// <summary>The throw-away consumer project, restored against <see cref="FeedDirectory"/>.</summary>
    public ConsumerProject Consumer => _consumer.Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(TempRoot, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
