using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests;

/// <summary>No analyzer ever throws (AD0001), whatever half-typed or pathological code it sees.</summary>
public sealed class NeverThrowTests
{
    public static IEnumerable<object[]> Cases() => RobustnessCorpus.Cases().Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BrokenOrPathologicalCode_NeverThrows(string name)
    {
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
}
