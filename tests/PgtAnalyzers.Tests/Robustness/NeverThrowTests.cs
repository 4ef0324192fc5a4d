using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// No analyzer ever throws (AD0001), whatever half-typed or pathological code it sees. Each test first proves
/// that an exception would surface here (<see cref="ThrowingProbeAnalyzer"/>): analyzers built to swallow
/// their exceptions make these tests fail rather than pass without proving anything.
/// </summary>
public sealed class NeverThrowTests
{
    private const string ProbeInput = """
        using StandIn;
        using static StandIn.Kernel;

        class Probe
        {
            void Write(PteTable table) => table[0] = PteNone;
        }
        """;

    [Fact]
    public async Task ThrowingProbe_SurfacesAsAD0001()
    {
        await AssertExceptionsSurfaceAsync();
    }

    public static IEnumerable<object[]> Cases() => RobustnessCorpus.Cases().Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BrokenOrPathologicalCode_NeverThrows(string name)
    {
        await AssertExceptionsSurfaceAsync();
        var code = RobustnessCorpus.Cases().Single(c => c.Name == name).Code;
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, code });

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    /// <summary>
    /// Half-typed code made mechanically: every valid-code corpus file cut off at many points (what an
    /// editor sees while someone types), each analysed with all rules.
    /// </summary>
    [Fact]
    public async Task CorpusCutOffAnywhere_NeverThrows()
    {
        await AssertExceptionsSurfaceAsync();
        var folder = System.IO.Path.Combine(System.AppContext.BaseDirectory, "ValidCode");
        var failures = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(folder, "*.cs").OrderBy(f => f, System.StringComparer.Ordinal))
        {
            var text = System.IO.File.ReadAllText(file);
            for (var cut = text.Length / 2; cut < text.Length; cut += 211)
            {
                var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, text.Substring(0, cut) });
                var crashes = (await TestCompilation.AnalyzeAsync(compilation)).Where(d => d.Id == "AD0001");
                failures.AddRange(crashes.Select(d => $"{System.IO.Path.GetFileName(file)} cut at {cut}: {d.GetMessage()}"));
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task WellFormedPartsOfBrokenCode_AreStillAnalysed()
    {
        var code = RobustnessCorpus.Cases().Single(c => c.Name == "TopLevelStatements").Code;
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, code });

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Equal(new[] { "PGT001", "PGT003" }, diagnostics.Select(d => d.Id).OrderBy(id => id).ToArray());
    }

    [Fact]
    public async Task MethodOverTheBlockBudget_IsSkippedSilently()
    {
        var code = RobustnessCorpus.Cases().Single(c => c.Name == "HugeMethodOverBudget").Code;
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, code });

        Assert.Empty(TestCompilation.Errors(compilation));
        Assert.Empty(await TestCompilation.AnalyzeAsync(compilation));
    }

    /// <summary>Fails unless an exception thrown inside a rule's hook comes out as AD0001 in this test run.</summary>
    private static async Task AssertExceptionsSurfaceAsync()
    {
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, ProbeInput });
        Assert.Empty(TestCompilation.Errors(compilation));

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation, new[] { new ThrowingProbeAnalyzer() });

        Assert.True(
            diagnostics.Any(d => d.Id == "AD0001" && d.GetMessage().Contains("probe:", System.StringComparison.Ordinal)),
            "An exception thrown by a rule did not surface as AD0001: the analyzers were built to swallow exceptions "
            + "(a Release build), so the never-throw tests would prove nothing. Run them against a Debug build.");
    }
}
