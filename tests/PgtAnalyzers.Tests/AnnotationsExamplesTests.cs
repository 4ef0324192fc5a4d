using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests;

/// <summary>
/// The examples of annotations.md ("Examples that fix the semantics"), run through every rule, with
/// exactly the diagnostics their comments state.
/// </summary>
public sealed class AnnotationsExamplesTests
{
    /// <summary>The example, verbatim but for the markup, inside a class over the stand-in types.</summary>
    private const string Example = """
        using PgtAnalyzers.Annotations;
        using StandIn;
        using static StandIn.Kernel;

        class Examples
        {
            static void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable table) { /* ... */ }
            static void ListAdd([Claims, Writes] ListHead entry, ListHead head) { /* ... */ }
            static void ListDelInit([Releases] ListHead entry) { /* ... */ }
            static void CallRcu([Claims] RcuHead head, [NoMm] RcuCallback fn) { /* ... */ }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PteNone;            // fine: before the hand-off
                PteFreeDefer(mm, table);
                {|#0:table[1]|} = PteNone;            // PGT001: table was handed to PteFreeDefer on the line above
                var alias = table;
                {|#1:alias[2]|} = 0;                  // PGT001 (alias)
                table = PteTable.Alloc(mm);    // a new value: tracking of the old one ends here
                table[3] = 0;                  // fine
            }

            void Overlay([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                CallRcu({|#2:page.RcuHead|}, PteFreeNow);      // PGT002: rcu_head overlays lru, which is still on a list
            }

            void OverlayFixed([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDelInit(page.Lru);
                CallRcu(page.RcuHead, PteFreeNow);      // fine: lru was released first
            }

            void Buddies(Page page)
            {
                CallRcu(page.RcuHead, PteFreeNow);
                CallRcu({|#3:page.RcuHead|}, PteFreeNow);      // PGT004: the same rcu_head queued twice
            }

            [NoMm] static void PteFreeNow(RcuHead head)
            {
                var page = Page.FromRcuHead(head);
                PageTableFree({|#4:page.PtMm|}, page.Table);   // PGT003: no mm in an RCU callback
            }

            void Helper(PteTable t) => PageTableFree({|#5:null|}, t);   // PGT003 (null)
        }
        """;

    /// <summary>A user's own internal copies of the attributes, as one pastes Meziantou's annotations.</summary>
    private const string PastedAttributes = """
        using System;

        namespace PgtAnalyzers.Annotations
        {
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class DeferredFreeAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class WritesAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class ClaimsAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class ReleasesAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class AssumesReleasedAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class RequiresMmAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)] internal sealed class MmSourceAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter | AttributeTargets.Delegate)] internal sealed class NoMmAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
            internal sealed class OverlayAttribute : Attribute
            {
                public OverlayAttribute(string group) => Group = group;
                public string Group { get; }
            }
        }
        """;

    [Fact]
    public Task Examples_ReportExactlyTheCommentedDiagnostics() =>
        VerifyAllAsync(Example, ExpectedDiagnostics());

    [Fact]
    public Task ExamplesWithPastedInternalAttributeCopies_ReportTheSameDiagnostics()
    {
        var test = new PgtAnalyzerTest(PgtAnalyzerTest.AllAnalyzers(), referenceAnnotations: false) { TestCode = Example };
        test.TestState.Sources.Add(("PastedAttributes.cs", PastedAttributes));
        test.ExpectedDiagnostics.AddRange(ExpectedDiagnostics());
        return test.RunAsync();
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult[] ExpectedDiagnostics() =>
        new[]
        {
            Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("table", "PteFreeDefer", 15),
            Diagnostic(Descriptors.WriteAfterDeferredFree, 1).WithArguments("alias", "PteFreeDefer", 15),
            Diagnostic(Descriptors.UnionOverlayConflict, 2).WithArguments("page.RcuHead", "claimed", "page.Lru", "ListAdd", 25),
            Diagnostic(Descriptors.DoubleDeferredFree, 3).WithArguments("page.RcuHead", "claimed", "CallRcu", 38),
            Diagnostic(Descriptors.MissingMm, 4).WithArguments(
                "page.PtMm", "PageTableFree", "'PteFreeNow' is marked [NoMm] on line 42: there is no mm there"),
            Diagnostic(Descriptors.MissingMm, 5).WithArguments(
                "null", "PageTableFree", "it is null"),
        };
}
