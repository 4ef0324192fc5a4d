using System.Threading.Tasks;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Rules;

public sealed class UnionOverlayConflictTests
{
    /// <summary>An RCU callback the snippets queue; [NoMm] as the kernel's pte_free_now().</summary>
    private const string Callback = """

        [NoMm] static void Free(RcuHead head) { }
        """;

    private static Task Verify(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAsync<UnionOverlayConflictAnalyzer>(Snippet.InClass(members + Callback), expected);

    // ---- reports ----

    [Fact]
    public Task ClaimRcuHeadWhileLruOnList_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            CallRcu({|#0:page.RcuHead|}, Free);
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.RcuHead", "claimed", "page.Lru", "ListAdd", 11));

    [Fact]
    public Task ReadLruWhileRcuHeadQueued_Reports() => Verify("""
        ListHead? F(Page page)
        {
            CallRcu(page.RcuHead, Free);
            return {|#0:page.Lru|}.Next;
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.Lru", "read", "page.RcuHead", "CallRcu", 11));

    [Fact]
    public Task ReleaseLruWhileRcuHeadQueued_Reports() => Verify("""
        void F(Page page)
        {
            CallRcu(page.RcuHead, Free);
            ListDel({|#0:page.Lru|});
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.Lru", "released", "page.RcuHead", "CallRcu", 11));

    [Fact]
    public Task ClaimThroughAlias_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            var same = page;
            ListAdd(page.Lru, mm.Context.PgtableList);
            CallRcu({|PGT002:same.RcuHead|}, Free);
        }
        """);

    [Fact]
    public Task ListedOnOneBranchOnly_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, Page page, bool otherHalfInUse)
        {
            if (otherHalfInUse)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
            }

            CallRcu({|#0:page.RcuHead|}, Free);
        }
        """, Diagnostic(Descriptors.UnionOverlayConflictOnSomePaths, 0).WithArguments("page.RcuHead", "claimed", "page.Lru", "ListAdd", 13));

    [Fact]
    public Task RcuHeadQueuedOnEarlierIteration_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, Page page, int n)
        {
            for (var i = 0; i < n; i++)
            {
                ListAdd({|PGT102:page.Lru|}, mm.Context.PgtableList);
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
        }
        """);

    [Fact]
    public Task ClaimInFinallyWhileListedInTry_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            try
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
            }
            finally
            {
                CallRcu({|PGT002:page.RcuHead|}, Free);
            }
        }
        """);

    [Fact]
    public Task ConflictInsideLambda_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            RunLater(() =>
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                CallRcu({|PGT002:page.RcuHead|}, Free);
            });
        }
        """);

    [Fact]
    public Task ConflictInsideLocalFunction_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            Queue(page);

            void Queue(Page p)
            {
                ListAdd(p.Lru, mm.Context.PgtableList);
                CallRcu({|PGT002:p.RcuHead|}, Free);
            }
        }
        """);

    [Fact]
    public Task PageChosenBySwitchExpression_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page, int half)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            var chosen = half switch { 0 => page, _ => page };
            CallRcu({|PGT002:chosen.RcuHead|}, Free);
        }
        """);

    [Fact]
    public Task PageMatchedByPattern_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            object boxed = page;
            ListAdd(page.Lru, mm.Context.PgtableList);
            if (boxed is Page matched)
            {
                CallRcu({|PGT002:matched.RcuHead|}, Free);
            }
        }
        """);

    [Fact]
    public Task ConflictAcrossAwait_Reports() => Verify("""
        async Task F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            await Task.Yield();
            CallRcu({|PGT002:page.RcuHead|}, Free);
        }
        """);

    [Fact]
    public Task GenericClaimingMethod_Reports() => Verify("""
        static void Queue<TTag>([Claims] RcuHead head, TTag tag) { }

        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            Queue({|PGT002:page.RcuHead|}, 42);
        }
        """);

    [Fact]
    public Task OverlayFieldsOfOwnTypeInPartialClass_Reports() => VerifyAsync<UnionOverlayConflictAnalyzer>(
        Snippet.InClass("""
        void F(Slab slab, ListHead head)
        {
            Link(slab.Node, head);
            {|PGT002:slab.Rcu|}.Func = null;
        }
        """) + """
        partial class C
        {
            static void Link([Claims] ListHead node, ListHead head) { }
        }

        class Slab
        {
            [Overlay("u")] public ListHead Node = new ListHead();
            [Overlay("u")] public RcuHead Rcu = new RcuHead();
        }
        """);

    // ---- silent ----

    [Fact]
    public Task ReleaseLruBeforeQueueingRcuHead_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            ListDelInit(page.Lru);
            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task DifferentPages_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page listed, Page freed)
        {
            ListAdd(listed.Lru, mm.Context.PgtableList);
            CallRcu(freed.RcuHead, Free);
        }
        """);

    [Fact]
    public Task AssertedOffListWithAssumesReleased_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            AssumeOffList(page.Lru);
            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task ReleasedOnEveryBranch_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page, bool quick)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            if (quick)
            {
                ListDel(page.Lru);
            }
            else
            {
                ListDelInit(page.Lru);
            }

            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task ReadTheLiveMember_IsSilent() => Verify("""
        ListHead? F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            return page.Lru.Next;
        }
        """);

    [Fact]
    public Task PageReassignedBeforeClaim_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            page = new Page();
            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task ListAndUnlistEachIteration_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page[] pages)
        {
            foreach (var page in pages)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }
        }
        """);

    [Fact]
    public Task ReleasedInFinallyBeforeClaim_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            try
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
            }
            finally
            {
                ListDel(page.Lru);
            }

            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task LambdaListsAndUnlists_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            RunLater(() =>
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
            });
            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task AsyncReleaseBeforeClaim_IsSilent() => Verify("""
        async Task F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            await Task.Yield();
            ListDel(page.Lru);
            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task SwitchExpressionPicksOtherPage_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page, Page buddy, int half)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            var chosen = half switch { 0 => buddy, _ => new Page() };
            CallRcu(chosen.RcuHead, Free);
        }
        """);

    [Fact]
    public Task CodeWithoutAnyAttributes_IsSilent() => VerifyAsync<UnionOverlayConflictAnalyzer>("""
        class Node { public Node? Next; }
        class Head { public object? Fn; }
        class Slot { public Node Lru = new Node(); public Head Rcu = new Head(); }

        static class Plain
        {
            static void Add(Node n) { }
            static void Queue(Head h) { }

            static void F(Slot s)
            {
                Add(s.Lru);
                Queue(s.Rcu);
                s.Lru.Next = null;
            }
        }
        """);
}
