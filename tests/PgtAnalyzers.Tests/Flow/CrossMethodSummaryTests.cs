using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Flow;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// Inferred summaries are computed once per compilation and shared by every rule and every request (an editor
/// asks for one document at a time), their caps are counted, and half-typed code on their paths never throws.
/// </summary>
public sealed class CrossMethodSummaryTests
{
    private const string Helpers = """
        static class Helpers
        {
            public static void Retire(Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
            }

            public static void Clear(PteTable table) => table[0] = 0;
        }
        """;

    private static string Caller(string name) => $$"""
        class {{name}}
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                Helpers.Retire(mm, table);
                table[0] = 0;
                Helpers.Clear(table);
            }
        }
        """;

    [Fact]
    public async Task Summaries_AreComputedOncePerCompilation_AcrossDocumentRequests()
    {
        var compilation = await TestCompilation.CreateAsync(new[]
        {
            StandInPrelude.Source, Snippet.Usings + Helpers, Snippet.Usings + Caller("A"), Snippet.Usings + Caller("B"),
        });
        Assert.Empty(TestCompilation.Errors(compilation));
        var probe = new CompilationProbe();
        var withAnalyzers = compilation.WithAnalyzers(PgtAnalyzerTest.AllAnalyzers().Append(probe).ToImmutableArray());

        var found = 0;
        foreach (var tree in compilation.SyntaxTrees.Skip(2))
        {
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None);
            found += diagnostics.Count(d => d.Id == "PGT001");
        }

        Assert.Equal(4, found);
        var summaries = AnalysisCache.SummariesOf(probe.Compilation!, ContractIndex.TryCreate(probe.Compilation!)!);
        // Retire and Clear, each once at the callers' depth, though two documents and four rules asked.
        Assert.Equal(2, summaries.Computed);
    }

    [Fact]
    public async Task ChainPastTheDepthCap_IsCountedAsAGiveUp()
    {
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, Snippet.InClass("""
            static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
            static void Retire2([RequiresMm] Mm mm, PteTable table) => Retire(mm, table);
            static void Retire3([RequiresMm] Mm mm, PteTable table) => Retire2(mm, table);
            static void Retire4([RequiresMm] Mm mm, PteTable table) => Retire3(mm, table);

            void F([RequiresMm] Mm mm, PteTable table, PteTable other)
            {
                PteFreeDefer(mm, other);
                Retire4(mm, table);
                table[1] = 0;
            }
            """) });
        var rule = new WriteAfterDeferredFreeAnalyzer();

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation, new DiagnosticAnalyzer[] { rule });

        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "PGT001" or "PGT101");
        Assert.True(rule.GiveUps[GiveUpReason.SummaryTooDeep] >= 1, "the cut summary is counted");
        Assert.Equal(0, rule.GiveUps.Total - rule.GiveUps[GiveUpReason.SummaryTooDeep]);
    }

    [Fact]
    public async Task HalfTypedPrefixesOfTheCrossMethodSources_NeverThrow()
    {
        var source = Snippet.Usings + Helpers + "\n" + Caller("A") + "\n" + """
            partial class C
            {
                static void Spin(PteTable table, int n) { if (n > 0) { Spin(table, n - 1); } }
                static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);
                static void Unlist(Page page) => ListDel(page.Lru);
                static void Lock(Mm mm) => SpinLock(mm);
                void G([RequiresMm] Mm mm, PteTable table)
                {
                    var page = new Page();
                    List(page, mm);
                    Unlist(page);
                    Lock(null!);
                    Spin(table, 2);
                    Retire(table);
                    CallRcu(page.RcuHead, head => { });
                    void Retire(PteTable t) => PteFreeDefer(mm, t);
                }
            }
            """;
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
        for (var i = 0; i < tokens.Count; i += 3)
        {
            var prefix = source.Substring(0, tokens[i].Span.End);
            var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, prefix });
            var diagnostics = await TestCompilation.AnalyzeAsync(compilation);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }
    }

    /// <summary>Sees the compilation the analyzer driver hands the rules (not the one the test built).</summary>
    // Instantiated by the tests alone, never loaded by a host: no registration, no release tracking.
#pragma warning disable RS1001, RS2008
    private sealed class CompilationProbe : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("PROBE", "probe", "probe", "probe", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public Compilation? Compilation { get; private set; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                Compilation = start.Compilation;
                start.RegisterSyntaxTreeAction(_ => { });
            });
        }
    }
#pragma warning restore RS1001, RS2008
}
