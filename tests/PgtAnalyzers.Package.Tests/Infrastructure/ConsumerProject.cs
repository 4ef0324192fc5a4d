using System.Security.Cryptography;

namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>
/// A throw-away project outside the repository that uses PgtAnalyzers the way a user would: a
/// PackageReference restored from the local feed (the machine's own feeds stay configured), a private
/// packages folder so the global cache never holds a test build of 0.1.0, and TreatWarningsAsErrors.
/// It is restored once; each build swaps in one code file and one .editorconfig.
/// </summary>
public sealed class ConsumerProject
{
    private const string CodeFileName = "Code.cs";

    private ConsumerProject(string directory, CommandResult restoreResult)
    {
        FolderPath = directory;
        RestoreResult = restoreResult;
    }

    /// <summary>The consumer's folder, under the fixture's temporary folder.</summary>
    public string FolderPath { get; }

    public CommandResult RestoreResult { get; }

    internal static ConsumerProject CreateAndRestore(PackageFixture package)
    {
        var directory = Path.Combine(package.TempRoot, "consumer");
        var packagesFolder = Path.Combine(package.TempRoot, "packages");
        Directory.CreateDirectory(directory);

        // Empty files stop MSBuild's upward search, so nothing above the temp folder leaks in.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), ConsumerFiles.NuGetConfig(package.FeedDirectory));
        File.WriteAllText(
            Path.Combine(directory, "Consumer.csproj"),
            ConsumerFiles.Project(packagesFolder, PackageFixture.PackageId, PackageFixture.PackageVersion));
        File.WriteAllText(Path.Combine(directory, "Kernel.cs"), ConsumerFiles.Kernel);
        WriteCodeAndEditorConfig(directory, ConsumerFiles.CorrectRetract, editorConfigRules: null);

        var restore = DotnetCommand.Run(directory, "restore", "--disable-build-servers");
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException("Restoring the consumer failed. " + restore.Describe());
        }

        EnsureRestoredFromLocalFeed(package, packagesFolder);
        return new ConsumerProject(directory, restore);
    }

    /// <summary>Builds the consumer with <paramref name="code"/> as its code file and the given .editorconfig rules.</summary>
    public CommandResult Build(string code, string? editorConfigRules = null)
    {
        WriteCodeAndEditorConfig(FolderPath, code, editorConfigRules);

        // A full rebuild each time: the three builds differ only in file contents, and a tiny project
        // rebuilds in about a second, so no up-to-date check can hide a diagnostic.
        return DotnetCommand.Run(FolderPath, "build", "--no-restore", "--no-incremental", "--disable-build-servers");
    }

    private static void WriteCodeAndEditorConfig(string directory, string code, string? editorConfigRules)
    {
        File.WriteAllText(Path.Combine(directory, CodeFileName), code);
        var editorConfig = "root = true\n" + (editorConfigRules is null ? "" : "\n[*.cs]\n" + editorConfigRules + "\n");
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), editorConfig);
    }

    /// <summary>
    /// The default feeds stay configured, so make sure the package NuGet restored is the one just packed
    /// and not some other PgtAnalyzers 0.1.0.
    /// </summary>
    private static void EnsureRestoredFromLocalFeed(PackageFixture package, string packagesFolder)
    {
        var id = PackageFixture.PackageId.ToLowerInvariant();
        var hashFile = Path.Combine(packagesFolder, id, PackageFixture.PackageVersion, $"{id}.{PackageFixture.PackageVersion}.nupkg.sha512");
        if (!File.Exists(hashFile))
        {
            throw new InvalidOperationException($"Restore did not put {PackageFixture.PackageId} into the private packages folder ({hashFile}).");
        }

        var restoredHash = File.ReadAllText(hashFile).Trim();
        var packedHash = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(package.NupkgPath)));
        if (restoredHash != packedHash)
        {
            throw new InvalidOperationException("The restored PgtAnalyzers package is not the one packed by this test run.");
        }
    }
}
