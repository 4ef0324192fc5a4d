using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Flow;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// The four rules share one flow analysis per body and replay its events: a rule run with the other three
/// must report, and count, exactly what it reports and counts run alone.
/// </summary>
public sealed class AnalysisCacheTests
{
    // Bodies relevant to several rules at once, a lambda passed to [NoMm] (its context comes from the
    // enclosing body) and a method group passed to [NoMm] (the outermost body's context, found by PGT003 only).
    private const string Members = """
        void AllFour(Mm mm, [RequiresMm] Mm owner, Page page, PteTable table)
        {
            PteFreeDefer(owner, table);
            table[1] = PteNone;
            PteFreeDefer(owner, table);
            ListAdd(page.Lru, owner.Context.PgtableList);
            CallRcu(page.RcuHead, head => PageTableFree(owner, Page.FromRcuHead(head).Table));
            SpinLock(mm);
        }

        static void PteFreeHalf(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PageTableFree(page.PtMm!, page.Table);
        }

        void Queue(Page page) => CallRcu(page.RcuHead, PteFreeHalf);

        void LambdaWritesAfterFree([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            RunLater(() => table[0] = PteNone);
        }
        """;

    [Fact]
    public async Task EachRule_WithTheOthers_ReportsAndCountsAsAlone()
    {
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, Snippet.InClass(Members) });
        Assert.Empty(TestCompilation.Errors(compilation));
        var together = AnalyzerCatalog.CreateAll().Cast<FlowRuleAnalyzer>().ToList();
        var all = await TestCompilation.AnalyzeAsync(compilation, together);

        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        Assert.Equal(new[] { "PGT001", "PGT002", "PGT003", "PGT004" }, all.Select(d => d.Id.Replace("PGT1", "PGT0")).Distinct().OrderBy(id => id));
        foreach (var rule in together)
        {
            var alone = (FlowRuleAnalyzer)System.Activator.CreateInstance(rule.GetType())!;
            var own = await TestCompilation.AnalyzeAsync(compilation, new DiagnosticAnalyzer[] { alone });
            var ids = rule.SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet();

            Assert.Equal(Describe(own), Describe(all.Where(d => ids.Contains(d.Id))));
            Assert.Equal(alone.BodiesAnalysed, rule.BodiesAnalysed);
            Assert.Equal(alone.GiveUps.Total, rule.GiveUps.Total);
        }

        Assert.True(together.OfType<MissingMmAnalyzer>().Single().BodiesAnalysed >= 4, "PGT003 analysed the bodies and lambdas with mm arguments");
        Assert.Equal(3, together.OfType<UnionOverlayConflictAnalyzer>().Single().BodiesAnalysed);
    }

    private static IReadOnlyList<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .Select(d => $"{d} @{string.Join(",", d.AdditionalLocations.Select(l => l.SourceSpan))} "
                + string.Join(";", d.Properties.OrderBy(p => p.Key, System.StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))
            .ToList();
}
