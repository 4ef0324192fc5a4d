using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Package.Tests;

/// <summary>
/// The package enforces the rules at build time in a project of its own: restored from a local feed into a
/// throw-away consumer with TreatWarningsAsErrors, the analyzers fail the build on a bug, let correct code
/// through, and obey .editorconfig severities.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class BuildEnforcementTests
{
    private readonly PackageFixture _package;

    public BuildEnforcementTests(PackageFixture package) => _package = package;

    [Fact]
    public void BuggyFile_FailsTheBuildWithPgt001()
    {
        var build = _package.Consumer.Build(ConsumerFiles.BuggyRetract);

        Assert.True(build.ExitCode != 0, "The build should fail. " + build.Describe());
        Assert.True(build.Output.Contains("error PGT001", StringComparison.Ordinal), "Expected `error PGT001`. " + build.Describe());
    }

    [Fact]
    public void CorrectFile_Builds()
    {
        var build = _package.Consumer.Build(ConsumerFiles.CorrectRetract);

        Assert.True(build.ExitCode == 0, "The build should succeed. " + build.Describe());
        Assert.False(build.Output.Contains("PGT", StringComparison.Ordinal), "No PGT diagnostic expected. " + build.Describe());
    }

    [Fact]
    public void SeverityNoneInEditorConfig_SilencesPgt001()
    {
        var build = _package.Consumer.Build(ConsumerFiles.BuggyRetract, "dotnet_diagnostic.PGT001.severity = none");

        Assert.True(build.ExitCode == 0, "The silenced build should succeed. " + build.Describe());
        Assert.False(build.Output.Contains("PGT001", StringComparison.Ordinal), "PGT001 should be silent. " + build.Describe());
    }

    [Fact]
    public void OnSomePathsWarning_FailsTheBuildUnderTreatWarningsAsErrors()
    {
        var build = _package.Consumer.Build(ConsumerFiles.BuggyOnSomePathsRetract);

        // PGT101 is a warning by default; TreatWarningsAsErrors is what makes it stop the build.
        Assert.True(build.ExitCode != 0, "The build should fail. " + build.Describe());
        Assert.True(build.Output.Contains("error PGT101", StringComparison.Ordinal), "Expected `error PGT101`. " + build.Describe());
    }
}
