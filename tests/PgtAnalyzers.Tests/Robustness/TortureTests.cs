using System;
using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Flow;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// Torture inputs (issue 6, item 2): every rule runs over each on a thread with a 1 MB stack and never
/// overflows or throws; within the <see cref="AnalysisBudget"/> the planted bug is reported, past it the
/// analysis gives up on that body silently and counts it. Roslyn's own binding and graph building are done
/// first on a large stack: Roslyn 4.8 itself overflows a 1 MB stack building the operations of 1,000
/// nested blocks, and that is not what is measured here.
/// </summary>
public sealed class TortureTests
{
    private static readonly TimeSpan CompilerTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The analyzers' share takes well under a second per input; anything near this is a hang.</summary>
    private static readonly TimeSpan AnalyzerTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Cases()
    {
        var names = new TheoryData<string>();
        foreach (var torture in TortureInputs.All())
        {
            names.Add(torture.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TortureInput_NeverOverflowsAndReportsOrCountsAGiveUp(string name)
    {
        var torture = TortureInputs.All().Single(c => c.Name == name);
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, torture.Source });
        var (errors, bodies) = DedicatedThread.Run(name + " (Roslyn)", DedicatedThread.CompilerStack, CompilerTimeout, () =>
            (TestCompilation.Errors(compilation), SynchronousAnalyzerHost.Prepare(compilation)));
        Assert.Empty(errors);

        var analyzers = AnalyzerCatalog.CreateAll().Cast<FlowRuleAnalyzer>().ToArray();
        var diagnostics = DedicatedThread.Run(name + " (analyzers)", DedicatedThread.OneMegabyte, AnalyzerTimeout, () =>
            new SynchronousAnalyzerHost(analyzers).Analyze(compilation, bodies));

        var writeAfterFree = analyzers.OfType<PgtAnalyzers.Rules.WriteAfterDeferredFreeAnalyzer>().Single();
        var reported = diagnostics.Any(d => d.Id == "PGT001");
        if (torture.Expected is { } reason)
        {
            Assert.False(reported, "the body is over the budget, so nothing in it is reported");
            Assert.Equal(1, writeAfterFree.GiveUps[reason]);
            Assert.Equal(1, writeAfterFree.GiveUps.Total);
        }
        else
        {
            Assert.True(reported, "within the budget the planted write after PteFreeDefer is reported");
            // A recursive callee's inferred summary ends at the depth cap: counted, but the body itself is analysed.
            Assert.Equal(0, writeAfterFree.GiveUps.Total - writeAfterFree.GiveUps[GiveUpReason.SummaryTooDeep]);
        }
    }
}
