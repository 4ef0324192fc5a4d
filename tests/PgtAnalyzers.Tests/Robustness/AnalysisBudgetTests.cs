using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Flow;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>The budget is documented where users look (the rule pages) and a give-up is counted through the real driver too.</summary>
public sealed class AnalysisBudgetTests
{
    [Theory]
    [InlineData("PGT001.md")]
    [InlineData("PGT002.md")]
    [InlineData("PGT003.md")]
    [InlineData("PGT004.md")]
    public void RulePage_KnownLimitations_StateTheBudget(string page)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", page)).Replace("\r", string.Empty);
        var start = text.IndexOf("## Known limitations", StringComparison.Ordinal);
        var end = text.IndexOf("## How to suppress", start, StringComparison.Ordinal);
        var limitations = text.Substring(start, end - start).Replace("\n  ", " ");

        Assert.Contains($"more than {AnalysisBudget.MaxBlocks} basic blocks", limitations);
        Assert.Contains($"more than {AnalysisBudget.MaxVisitsPerBlock} visits per block", limitations);
        Assert.Contains($"more than {AnalysisBudget.MaxNestingDepth} levels deep", limitations);
        Assert.Contains("GiveUps", limitations);
    }

    [Fact]
    public async Task BodyOverTheBlockBudget_IsCountedThroughTheCompilerDriver()
    {
        var code = RobustnessCorpus.Cases().Single(c => c.Name == "HugeMethodOverBudget").Code;
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, code });
        var analyzers = AnalyzerCatalog.CreateAll();

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation, analyzers);

        Assert.Empty(diagnostics);
        var writeAfterFree = analyzers.OfType<WriteAfterDeferredFreeAnalyzer>().Single();
        Assert.Equal(1, writeAfterFree.GiveUps[GiveUpReason.TooManyBlocks]);
        Assert.Equal(1, writeAfterFree.GiveUps.Total);
        Assert.Equal(0, analyzers.OfType<UnionOverlayConflictAnalyzer>().Single().GiveUps.Total);
    }
}
