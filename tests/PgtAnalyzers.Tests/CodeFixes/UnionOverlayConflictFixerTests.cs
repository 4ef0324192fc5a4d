using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = PgtAnalyzers.Tests.CodeFixes.PgtCodeFixTest<PgtAnalyzers.CodeFixes.Rules.UnionOverlayConflictFixer>;

namespace PgtAnalyzers.Tests.CodeFixes;

public sealed class UnionOverlayConflictFixerTests
{
    /// <summary>The RCU callback the snippets queue, [NoMm] as the kernel's pte_free_now().</summary>
    private const string Callback = """

        [NoMm] static void Free(RcuHead head) { }
        """;

    /// <summary>PGT002 at markup <c>{|#use:...|}</c>, blaming the claim of the live member at <c>{|#claim:...|}</c>.</summary>
    private static DiagnosticResult Pgt002(int use, int claim) =>
        new DiagnosticResult(RuleIds.UnionOverlayConflict, DiagnosticSeverity.Error).WithLocation(use).WithLocation(claim);

    private static string InClass(string members) => Snippet.InClass(members + Callback);

    // ---- fixes ----

    [Fact]
    public Task QueueRcuHeadWhileLruListed_ReleasesLruFirst() => Verify.VerifyFixAsync(
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    // Left live by a callee, the member is named through the use's object (LiveMemberExpression), here a cast.
    [Fact]
    public Task LiveMemberOfACastObject_IsReleasedThroughTheCast() => Verify.VerifyFixAsync(
        InClass("""
            static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

            static void Unlist([Releases] ListHead node) => ListDel(node);

            void Free2([RequiresMm] Mm mm, object item)
            {
                {|#1:List((Page)item, mm)|};
                CallRcu({|#0:((Page)item).RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

            static void Unlist([Releases] ListHead node) => ListDel(node);

            void Free2([RequiresMm] Mm mm, object item)
            {
                List((Page)item, mm);
                Unlist(((Page)item).Lru);
                CallRcu(((Page)item).RcuHead, Free);
            }
            """));

    [Fact]
    public Task ClaimAsEmbeddedStatement_BecomesABlock() => Verify.VerifyFixAsync(
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page, bool last)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                if (last)
                    CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page, bool last)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                if (last)
                {
                    ListDel(page.Lru);
                    CallRcu(page.RcuHead, Free);
                }
            }
            """));

    [Fact]
    public Task ReleaseNotInScopeUnqualified_IsQualifiedByTheClaimingType() => Verify.VerifyFixAsync(
        """
        using PgtAnalyzers.Annotations;
        using StandIn;

        sealed class C
        {
            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:Kernel.ListAdd(page.Lru, mm.Context.PgtableList)|};
                Kernel.CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm] static void Free(RcuHead head) { }
        }
        """,
        [Pgt002(0, 1)],
        """
        using PgtAnalyzers.Annotations;
        using StandIn;

        sealed class C
        {
            void Free2([RequiresMm] Mm mm, Page page)
            {
                Kernel.ListAdd(page.Lru, mm.Context.PgtableList);
                Kernel.ListDel(page.Lru);
                Kernel.CallRcu(page.RcuHead, Free);
            }

            [NoMm] static void Free(RcuHead head) { }
        }
        """);

    [Fact]
    public Task ListedOnOneBranchOnly_ReleasesBeforeTheClaim() => Verify.VerifyFixAsync(
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page, bool otherHalfInUse)
            {
                if (otherHalfInUse)
                {
                    {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                }

                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [new DiagnosticResult(RuleIds.UnionOverlayConflictOnSomePaths, DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1)],
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page, bool otherHalfInUse)
            {
                if (otherHalfInUse)
                {
                    ListAdd(page.Lru, mm.Context.PgtableList);
                }

                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    [Fact]
    public Task TwoUsesOfOneLiveClaim_FixAllReleasesOnce() => Verify.VerifyFixAsync(
        Snippet.Usings + """
        sealed class Frame
        {
            [Overlay("slot")] public ListHead Lru = new ListHead();
            [Overlay("slot")] public RcuHead Rcu = new RcuHead();

            [NoMm] static void Free(RcuHead head) { }

            void Retire([RequiresMm] Mm mm)
            {
                {|#2:ListAdd(Lru, mm.Context.PgtableList)|};
                {|#0:Rcu|} = new RcuHead();
                CallRcu({|#1:Rcu|}, Free);
            }
        }
        """,
        [Pgt002(0, 2), Pgt002(1, 2)],
        Snippet.Usings + """
        sealed class Frame
        {
            [Overlay("slot")] public ListHead Lru = new ListHead();
            [Overlay("slot")] public RcuHead Rcu = new RcuHead();

            [NoMm] static void Free(RcuHead head) { }

            void Retire([RequiresMm] Mm mm)
            {
                ListAdd(Lru, mm.Context.PgtableList);
                ListDel(Lru);
                Rcu = new RcuHead();
                CallRcu(Rcu, Free);
            }
        }
        """);

    [Fact]
    public Task ConflictsInTwoMethods_FixAllFixesBoth() => Verify.VerifyFixAsync(
        InClass("""
            void First([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            void Second([RequiresMm] Mm mm, Page left, Page right)
            {
                {|#3:ListAdd(right.Lru, mm.Context.PgtableList)|};
                CallRcu(left.RcuHead, Free);
                CallRcu({|#2:right.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1), Pgt002(2, 3)],
        InClass("""
            void First([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }

            void Second([RequiresMm] Mm mm, Page left, Page right)
            {
                ListAdd(right.Lru, mm.Context.PgtableList);
                CallRcu(left.RcuHead, Free);
                ListDel(right.Lru);
                CallRcu(right.RcuHead, Free);
            }
            """));

    // ---- the release the document already uses on that member ----

    [Fact]
    public Task DocumentReleasesTheMemberWithListDelInit_FixUsesListDelInit() => Verify.VerifyFixAsync(
        InClass("""
            void Unlist(Page other) => ListDelInit(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            void Unlist(Page other) => ListDelInit(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDelInit(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    [Fact]
    public Task ReleaseUsedLaterInTheDocument_IsUsedToo() => Verify.VerifyFixAsync(
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            void Unlist(Page other) => ListDelInit(other.Lru);
            """),
        [Pgt002(0, 1)],
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDelInit(page.Lru);
                CallRcu(page.RcuHead, Free);
            }

            void Unlist(Page other) => ListDelInit(other.Lru);
            """));

    [Fact]
    public Task TwoReleasesInTheDocument_TheFirstInSourceOrderWins() => Verify.VerifyFixAsync(
        InClass("""
            void Unlist(Page other) => ListDelInit(other.Lru);
            void UnlistAgain(Page other) => ListDel(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            void Unlist(Page other) => ListDelInit(other.Lru);
            void UnlistAgain(Page other) => ListDel(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDelInit(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    [Fact]
    public Task OwnReleaseMethodUsedOnTheMember_IsUsed() => Verify.VerifyFixAsync(
        InClass("""
            static void Unlink([Releases] ListHead entry) { }

            void Drop(Page other) => Unlink(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            static void Unlink([Releases] ListHead entry) { }

            void Drop(Page other) => Unlink(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                Unlink(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    [Fact]
    public Task ReleaseUsedOnAnotherMember_IsNotTaken() => Verify.VerifyFixAsync(
        InClass("""
            void Reset(Mm other) => ListDelInit(other.Context.PgtableList);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            void Reset(Mm other) => ListDelInit(other.Context.PgtableList);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    [Fact]
    public Task MemberPassedToANonReleasingParameter_IsNotTaken() => Verify.VerifyFixAsync(
        InClass("""
            static void Inspect(ListHead entry) { }

            void Look(Page other) => Inspect(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                CallRcu({|#0:page.RcuHead|}, Free);
            }
            """),
        [Pgt002(0, 1)],
        InClass("""
            static void Inspect(ListHead entry) { }

            void Look(Page other) => Inspect(other.Lru);

            void Free2([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
            """));

    // ---- no fix ----

    [Fact]
    public Task ReadWhileOtherMemberLive_OffersNoFix() => Verify.VerifyNoFixAsync(
        InClass("""
            ListHead Peek(Page page)
            {
                {|#1:CallRcu(page.RcuHead, Free)|};
                return {|#0:page.Lru|}.Next!;
            }
            """),
        Pgt002(0, 1));

    [Fact]
    public Task ReleaseWhileOtherMemberLive_OffersNoFix() => Verify.VerifyNoFixAsync(
        InClass("""
            void Unlist(Page page)
            {
                {|#1:CallRcu(page.RcuHead, Free)|};
                ListDel({|#0:page.Lru|});
            }
            """),
        Pgt002(0, 1));

    [Fact]
    public Task NoReleaseMethodForTheLiveMember_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.Usings + """
        sealed class Slot
        {
        }

        sealed class Frame
        {
            [Overlay("slot")] public Slot Owner { get; } = new Slot();
            [Overlay("slot")] public RcuHead Rcu { get; } = new RcuHead();

            static void Take([Claims] Slot slot) { }

            [NoMm] static void Free(RcuHead head) { }

            void Retire()
            {
                {|#1:Take(Owner)|};
                CallRcu({|#0:Rcu|}, Free);
            }
        }
        """,
        Pgt002(0, 1));

    [Fact]
    public Task LiveExpressionNamesAnotherPageByNow_OffersNoFix() => Verify.VerifyNoFixAsync(
        InClass("""
            void Free2([RequiresMm] Mm mm, Page page, PteTable next)
            {
                {|#1:ListAdd(page.Lru, mm.Context.PgtableList)|};
                var listed = page;
                page = Page.FromTable(next);
                CallRcu({|#0:listed.RcuHead|}, Free);
            }
            """),
        Pgt002(0, 1));
}
