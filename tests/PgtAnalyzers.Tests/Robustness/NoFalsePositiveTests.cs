using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// No false positives on real code (issue 6, item 3): real C# that uses none of the ownership attributes
/// gets no PGT diagnostic and no analyzer exception, with every body flow-analysed. To check any other
/// codebase the same way, set <c>PGT_REAL_CODE_DIR</c> to its folder and run
/// <c>dotnet test tests/PgtAnalyzers.Tests --filter FullyQualifiedName~NoFalsePositiveTests.UnannotatedFiles</c>.
/// </summary>
public sealed class NoFalsePositiveTests
{
    private readonly ITestOutputHelper _output;

    public NoFalsePositiveTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("netstandard2.0")]
    [InlineData("net10.0")]
    public async Task PolyfillSources_HaveNoPgtDiagnostics(string targetFramework)
    {
        var compilation = await RealCodeCorpus.PolyfillAsync(targetFramework);

        var result = await RealCodeCheck.RunAsync(compilation);

        _output.WriteLine($"Polyfill {targetFramework}: {result}");
        Assert.True(result.Files >= 50, $"the package's {targetFramework} sources were found ({result.Files} files)");
        Assert.True(result.BodiesAnalysed >= 500, $"the flow engine ran over the bodies ({result.BodiesAnalysed})");
        Assert.True(result.Unwanted.Count == 0, string.Join("\n", result.Unwanted.Take(30)));
    }

    /// <summary>Every unannotated file of this repository, or of the folder <c>PGT_REAL_CODE_DIR</c> names.</summary>
    [Fact]
    public async Task UnannotatedFiles_HaveNoPgtDiagnostics()
    {
        var folder = RealCodeCorpus.FolderToCheck();
        var projects = RealCodeCorpus.UnannotatedProjects(folder);
        Assert.NotEmpty(projects);

        var unwanted = 0;
        var bodies = 0;
        foreach (var project in projects)
        {
            var result = await RealCodeCheck.RunAsync(project);
            _output.WriteLine($"{project.AssemblyName}: {result}");
            foreach (var line in result.Unwanted.Take(30))
            {
                _output.WriteLine("  " + line);
            }

            unwanted += result.Unwanted.Count;
            bodies += result.BodiesAnalysed;
        }

        Assert.True(bodies > 0, "the flow engine ran over the bodies");
        Assert.True(unwanted == 0, $"{unwanted} PGT diagnostics or analyzer exceptions in {folder} (see the test output)");
    }
}
