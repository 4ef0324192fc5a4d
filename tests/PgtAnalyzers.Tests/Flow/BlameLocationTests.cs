using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// What the code fixes rely on: AdditionalLocations[0] is the earlier call the message names, and the
/// documented Diagnostic.Properties are set.
/// </summary>
public sealed class BlameLocationTests
{
    private static async Task<Diagnostic> SingleAsync(string members, string id)
    {
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, Snippet.InClass(members) });
        Assert.Empty(TestCompilation.Errors(compilation));
        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    private static string TextAt(Location location) => location.SourceTree!.GetText().ToString(location.SourceSpan);

    [Fact]
    public async Task WriteAfterDeferredFree_BlamesTheDeferringCall()
    {
        var diagnostic = await SingleAsync("""
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                table[1] = PteNone;
            }
            """, "PGT001");

        Assert.Equal("PteFreeDefer(mm, table)", TextAt(diagnostic.AdditionalLocations[0]));
        Assert.Equal("PteFreeDefer(mm, table)", diagnostic.Properties[DiagnosticPropertyNames.DeferredCall]);
        Assert.Equal(DiagnosticPropertyValues.OriginCall, diagnostic.Properties[DiagnosticPropertyNames.DeferredOrigin]);
        Assert.Equal("table", diagnostic.Properties[DiagnosticPropertyNames.WrittenValue]);
    }

    [Fact]
    public async Task WriteToOwnDeferredFreeParameter_BlamesTheParameter()
    {
        var diagnostic = await SingleAsync("""
            static void Gross([DeferredFree] PteTable table, ListHead pending)
            {
                ListAdd(table.AsListHead(), pending);
            }
            """, "PGT001");

        Assert.Equal("table", TextAt(diagnostic.AdditionalLocations[0]));
        Assert.Equal(DiagnosticPropertyValues.OriginParameter, diagnostic.Properties[DiagnosticPropertyNames.DeferredOrigin]);
        Assert.Equal("[DeferredFree] PteTable table", diagnostic.Properties[DiagnosticPropertyNames.DeferredCall]);
    }

    [Fact]
    public async Task OverlayConflict_NamesLiveMemberAndReleaseCandidate()
    {
        var diagnostic = await SingleAsync("""
            [NoMm] static void Free(RcuHead head) { }

            void F([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                CallRcu(page.RcuHead, Free);
            }
            """, "PGT002");

        Assert.Equal("ListAdd(page.Lru, mm.Context.PgtableList)", TextAt(diagnostic.AdditionalLocations[0]));
        Assert.Equal("Lru", diagnostic.Properties[DiagnosticPropertyNames.LiveMember]);
        Assert.Equal("page.Lru", diagnostic.Properties[DiagnosticPropertyNames.LiveMemberExpression]);
        Assert.Equal("ListDel", diagnostic.Properties[DiagnosticPropertyNames.ReleaseCandidate]);
        Assert.Equal("lru", diagnostic.Properties[DiagnosticPropertyNames.OverlayGroup]);
        Assert.Equal(DiagnosticPropertyValues.AccessClaim, diagnostic.Properties[DiagnosticPropertyNames.Access]);
    }

    [Fact]
    public async Task OverlayConflictWithoutReleaseMethod_OmitsReleaseCandidate()
    {
        var diagnostic = await SingleAsync("""
            static void Link([Claims] ListHead node) { }
            static void Queue([Claims] RcuHead head) { }

            void F(Slab slab)
            {
                Link(slab.Node);
                Queue(slab.Rcu);
            }
            }

            class Slab
            {
                [Overlay("u")] public ListHead Node = new ListHead();
                [Overlay("u")] public RcuHead Rcu = new RcuHead();
            """, "PGT002");

        Assert.False(diagnostic.Properties.ContainsKey(DiagnosticPropertyNames.ReleaseCandidate));
        Assert.Equal("Node", diagnostic.Properties[DiagnosticPropertyNames.LiveMember]);
    }

    [Fact]
    public async Task MissingMm_NamesReasonTypeAndCallerParameter()
    {
        var diagnostic = await SingleAsync("""
            void Retract(Mm mm, PteTable table) => PageTableFree(mm, table);
            """, "PGT003");

        Assert.Equal(DiagnosticPropertyValues.ReasonNotFromSource, diagnostic.Properties[DiagnosticPropertyNames.Reason]);
        Assert.Equal("Mm", diagnostic.Properties[DiagnosticPropertyNames.MmType]);
        Assert.Equal("mm", diagnostic.Properties[DiagnosticPropertyNames.MmParameter]);
        Assert.Equal("mm", diagnostic.Properties[DiagnosticPropertyNames.CallerParameter]);
        Assert.Equal("mm", TextAt(diagnostic.AdditionalLocations[0]));
    }

    // The fix parses LiveMemberExpression back into code: through a cast, the object is in parentheses.
    [Fact]
    public async Task OverlayConflictThroughACast_NamesTheLiveMemberOfTheCastObject()
    {
        var diagnostic = await SingleAsync("""
            [NoMm] static void Free(RcuHead head) { }

            static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

            void F([RequiresMm] Mm mm, object item)
            {
                List((Page)item, mm);
                CallRcu(((Page)item).RcuHead, Free);
            }
            """, "PGT002");

        Assert.Equal("List((Page)item, mm)", TextAt(diagnostic.AdditionalLocations[0]));
        Assert.Equal("((Page)item).RcuHead", TextAt(diagnostic.Location));
        Assert.Equal("((Page)item).Lru", diagnostic.Properties[DiagnosticPropertyNames.LiveMemberExpression]);
    }

    [Fact]
    public async Task MissingMmInCallback_BlamesTheCallThatTookTheLambda()
    {
        var diagnostic = await SingleAsync("""
            void F([RequiresMm] Mm mm, Page page)
            {
                CallRcu(page.RcuHead, head => SpinLock(mm));
            }
            """, "PGT003");

        Assert.Equal(DiagnosticPropertyValues.ReasonNoMmContext, diagnostic.Properties[DiagnosticPropertyNames.Reason]);
        Assert.Equal("CallRcu(page.RcuHead, head => SpinLock(mm))", TextAt(diagnostic.AdditionalLocations[0]));
    }

    [Fact]
    public async Task DoubleClaim_BlamesTheFirstClaim()
    {
        var diagnostic = await SingleAsync("""
            [NoMm] static void Free(RcuHead head) { }

            void Buddies(Page page)
            {
                CallRcu(page.RcuHead, Free);
                CallRcu(page.RcuHead, Free);
            }
            """, "PGT004");

        Assert.Equal(DiagnosticPropertyValues.KindClaim, diagnostic.Properties[DiagnosticPropertyNames.Kind]);
        Assert.Equal("CallRcu(page.RcuHead, Free)", diagnostic.Properties[DiagnosticPropertyNames.EarlierCall]);
        Assert.True(diagnostic.AdditionalLocations[0].SourceSpan.Start < diagnostic.Location.SourceSpan.Start);
    }
}
