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
