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

    // ---- a page assigned afresh in a loop is a new page: the listing of the earlier one is not its ----

    [Fact]
    public Task ParameterPageListedThenReplacedInALoop_ReadingTheNextOnesRcuHead_IsSilent() => Verify("""
        void F(Page page, ListHead head, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var callback = page.RcuHead.Func;
                ListAdd(page.Lru, head);
                page = new Page();
            }
        }
        """);

    // ---- an override or implementation of an [Overlay] member is that member of the object ----

    private const string FragThroughInterface = """
        interface IFrag
        {
            [Overlay("u")] ListHead Node { get; }
            [Overlay("u")] RcuHead Rcu { get; }
        }

        sealed class Frag : IFrag
        {
            public ListHead Node { get; } = new ListHead();
            public RcuHead Rcu { get; } = new RcuHead();
        }

        sealed class ExplicitFrag : IFrag
        {
            private readonly ListHead _node = new ListHead();
            private readonly RcuHead _rcu = new RcuHead();
            ListHead IFrag.Node => _node;
            RcuHead IFrag.Rcu => _rcu;
            public ListHead Node => _node;
        }

        class FragBase
        {
            [Overlay("u")] public virtual ListHead Node { get; } = new ListHead();
            [Overlay("u")] public virtual RcuHead Rcu { get; } = new RcuHead();
        }

        sealed class DerivedFrag : FragBase
        {
            public override ListHead Node { get; } = new ListHead();
        }

        """;

    private static Task VerifyFrag(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAllAsync(Snippet.Usings + FragThroughInterface + "partial class C\n{\n" + members + Callback + "\n}\n", expected);

    [Fact]
    public Task ClaimedThroughTheClass_ReleasedThroughTheInterface_ThenRcuQueued_Silent() => VerifyFrag("""
        void F(Frag f, ListHead h)
        {
            ListAdd(f.Node, h);
            IFrag i = f;
            ListDel(i.Node);
            CallRcu(f.Rcu, Free);
        }
        """);

    [Fact]
    public Task ClaimedThroughTheOverride_ReleasedThroughTheBase_ThenRcuQueued_Silent() => VerifyFrag("""
        void F(DerivedFrag f, ListHead h)
        {
            ListAdd(f.Node, h);
            FragBase b = f;
            ListDel(b.Node);
            CallRcu(b.Rcu, Free);
        }
        """);

    [Fact]
    public Task ClaimedThroughTheInterface_ReadThroughTheClass_Silent() => VerifyFrag("""
        ListHead? F(Frag f, ListHead h)
        {
            ListAdd(((IFrag)f).Node, h);
            return f.Node.Next;
        }
        """);

    [Fact]
    public Task ClaimedThroughAnExplicitImplementation_ReleasedThroughTheInterface_Silent() => VerifyFrag("""
        void F(ExplicitFrag f, ListHead h)
        {
            IFrag i = f;
            ListAdd(i.Node, h);
            ListDel(((IFrag)f).Node);
            CallRcu(i.Rcu, Free);
        }
        """);

    [Fact]
    public Task ClaimedThroughTheClass_ClaimedAgainThroughTheInterface_IsADoubleClaim() => VerifyFrag("""
        void F(Frag f, ListHead h)
        {
            ListAdd(f.Node, h);
            IFrag i = f;
            ListAdd({|PGT004:i.Node|}, h);
        }
        """);

    [Fact]
    public Task ClaimedThroughTheOverride_RcuQueuedThroughTheBase_Reports() => VerifyFrag("""
        void F(DerivedFrag f, ListHead h)
        {
            ListAdd(f.Node, h);
            FragBase b = f;
            CallRcu({|#0:b.Rcu|}, Free);
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("b.Rcu", "claimed", "f.Node", "ListAdd", 42));

    [Fact]
    public Task ClaimedThroughTheInterface_RcuQueuedThroughTheClass_Reports() => VerifyFrag("""
        void F(Frag f, ListHead h)
        {
            ListAdd(((IFrag)f).Node, h);
            CallRcu({|#0:f.Rcu|}, Free);
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("f.Rcu", "claimed", "((IFrag)f).Node", "ListAdd", 42));

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
    public Task WriteThroughRcuHeadWhileLruOnList_IsAWrite() => Verify("""
        void F(Page page, ListHead head)
        {
            ListAdd(page.Lru, head);
            {|#0:page.RcuHead|}.Func = Free;
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.RcuHead", "written", "page.Lru", "ListAdd", 11));

    [Fact]
    public Task WriteThroughLruWhileRcuHeadQueued_IsAWrite() => Verify("""
        void F(Page page)
        {
            CallRcu(page.RcuHead, Free);
            {|#0:page.Lru|}.Next = null;
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.Lru", "written", "page.RcuHead", "CallRcu", 11));

    [Fact]
    public Task ReadThroughLruInsideAWrittenTarget_IsARead() => Verify("""
        void F(Page page, ListHead[] heads)
        {
            CallRcu(page.RcuHead, Free);
            heads[{|#0:page.Lru|}.Next is null ? 0 : 1] = new ListHead();
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.Lru", "read", "page.RcuHead", "CallRcu", 11));

    [Fact]
    public Task ReadThroughAConditionalAccess_NamesTheObjectBeforeTheQuestionMark() => Verify("""
        RcuCallback? F(Page? page, ListHead head)
        {
            ListAdd(page!.Lru, head);
            return page?{|#0:.RcuHead|}.Func;
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page?.RcuHead", "read", "page!.Lru", "ListAdd", 11));

    [Fact]
    public Task WriteThroughTheLiveMemberItself_Silent() => Verify("""
        void F(Page page, ListHead head)
        {
            ListAdd(page.Lru, head);
            page.Lru.Next = head;
        }
        """);

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

    // A membership a callee leaves live is named through the object of the use, which messages and the fix's
    // LiveMemberExpression write as source would: a cast or an operator in parentheses (Roslyn's operations
    // drop the source's own), anything else as it is.

    [Fact]
    public Task LiveMemberFromACallee_UsedThroughACast_NamesItInParentheses() => Verify("""
        static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

        void F<T>([RequiresMm] Mm mm, T item)
        {
            List((Page)(object)item!, mm);
            CallRcu({|#0:((Page)(object)item!).RcuHead|}, Free);
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0)
        .WithArguments("((Page)(object)item!).RcuHead", "claimed", "((Page)(object)item!).Lru", "List", "13 (its body calls 'ListAdd' on line 9)"));

    [Fact]
    public Task LiveMemberFromACallee_UsedThroughAVariable_NamesItAsWritten() => Verify("""
        static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

        void F([RequiresMm] Mm mm, Page page)
        {
            List(page, mm);
            CallRcu({|#0:page.RcuHead|}, Free);
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0)
        .WithArguments("page.RcuHead", "claimed", "page.Lru", "List", "13 (its body calls 'ListAdd' on line 9)"));

    [Fact]
    public Task LiveMemberFromACallee_UsedThroughACalleeOfACastArgument_NamesBothInParentheses() => Verify("""
        static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

        static void Defer(Page page) => CallRcu(page.RcuHead, Free);

        void F([RequiresMm] Mm mm, object item)
        {
            List((Page)item, mm);
            Defer({|#0:(Page)item|});
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0)
        .WithArguments("((Page)item).RcuHead", "claimed", "((Page)item).Lru", "List", "15 (its body calls 'ListAdd' on line 9)"));

    [Fact]
    public Task ClaimByACalleeOfAnAsArgument_NamesTheArgumentInParentheses() => Verify("""
        static void Defer(Page page) => CallRcu(page.RcuHead, Free);

        void F([RequiresMm] Mm mm, object item)
        {
            var page = item as Page;
            ListAdd(page!.Lru, mm.Context.PgtableList);
            Defer({|#0:item as Page|});
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0)
        .WithArguments("(item as Page).RcuHead", "claimed", "page!.Lru", "ListAdd", 14));

    [Fact]
    public Task ClaimByACalleeOfAVariableArgument_NamesTheArgumentAsWritten() => Verify("""
        static void Defer(Page page) => CallRcu(page.RcuHead, Free);

        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            Defer({|#0:page|});
        }
        """, Diagnostic(Descriptors.UnionOverlayConflict, 0)
        .WithArguments("page.RcuHead", "claimed", "page.Lru", "ListAdd", 13));

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
