using System.Threading.Tasks;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Rules;

public sealed class DoubleDeferredFreeTests
{
    private const string Callback = """

        [NoMm] static void Free(RcuHead head) { }
        """;

    private static Task Verify(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAsync<DoubleDeferredFreeAnalyzer>(Snippet.InClass(members + Callback), expected);

    // ---- reports ----

    // ---- a page assigned afresh in a loop is a new page (annotations.md, Contract v2 point 4), for claims too ----

    [Fact]
    public Task ParameterPageQueuedThenReplacedInALoop_IsSilent() => Verify("""
        void F(Page page, int n)
        {
            for (var i = 0; i < n; i++)
            {
                CallRcu(page.RcuHead, Free);
                page = new Page();
            }
        }
        """);

    [Fact]
    public Task ListWalkedThroughCallResults_QueueingEachPage_IsSilent() => Verify("""
        static Page? Next(Page page) => page.RefCount > 0 ? new Page() : null;

        void F(Page? page)
        {
            while (page != null)
            {
                CallRcu(page.RcuHead, Free);
                page = Next(page);
            }
        }
        """);

    // Still reported; "on some paths" because at the loop head 'page' may hold either object (one state per point).
    [Fact]
    public Task ParameterPageQueuedTwiceInOneIterationBeforeBeingReplaced_Reports() => Verify("""
        void F(Page page, int n)
        {
            for (var i = 0; i < n; i++)
            {
                CallRcu(page.RcuHead, Free);
                CallRcu({|#0:page.RcuHead|}, Free);
                page = new Page();
            }
        }
        """, Diagnostic(Descriptors.DoubleDeferredFreeOnSomePaths, 0).WithArguments("page.RcuHead", "claimed", "CallRcu", 13));

    [Fact]
    public Task FirstPageQueuedAgainThroughACopyAfterTheLoop_ReportsOnSomePaths() => Verify("""
        void F(Page page, int n)
        {
            var first = page;
            for (var i = 0; i < n; i++)
            {
                CallRcu(page.RcuHead, Free);
                page = new Page();
            }

            CallRcu({|#0:first.RcuHead|}, Free);
        }
        """, Diagnostic(Descriptors.DoubleDeferredFreeOnSomePaths, 0).WithArguments("first.RcuHead", "claimed", "CallRcu", 14));

    [Fact]
    public Task SameTableDeferredTwice_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            PteFreeDefer(mm, {|#0:table|});
        }
        """, Diagnostic(Descriptors.DoubleDeferredFree, 0).WithArguments("table", "handed to deferred freeing", "PteFreeDefer", 11));

    [Fact]
    public Task AliasDeferredAgain_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var alias = table;
            PteFreeDefer(mm, table);
            PteFree(mm, {|PGT004:alias|});
        }
        """);

    [Fact]
    public Task SameRcuHeadQueuedTwice_Reports() => Verify("""
        void F(Page page)
        {
            CallRcu(page.RcuHead, Free);
            CallRcu({|#0:page.RcuHead|}, Free);
        }
        """, Diagnostic(Descriptors.DoubleDeferredFree, 0).WithArguments("page.RcuHead", "claimed", "CallRcu", 11));

    [Fact]
    public Task ListAddedTwice_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            ListAdd({|PGT004:page.Lru|}, mm.Context.PgtableList);
        }
        """);

    [Fact]
    public Task DeferredOnOneBranchThenAgain_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool early)
        {
            if (early)
            {
                PteFreeDefer(mm, table);
            }

            PteFreeDefer(mm, {|#0:table|});
        }
        """, Diagnostic(Descriptors.DoubleDeferredFreeOnSomePaths, 0).WithArguments("table", "handed to deferred freeing", "PteFreeDefer", 13));

    [Fact]
    public Task DeferredInEveryLoopIteration_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, {|PGT104:table|});
            }
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnTwice_Reports() => Verify("""
        static void PteFreeDeferV1([RequiresMm] Mm mm, [DeferredFree] PteTable table)
        {
            PteFree(mm, table);
            PteFree(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnOnSomePaths_ThenAgain_ReportsOnSomePathsNamingTheFirstPassOn() => Verify("""
        static void FreeTable([RequiresMm] Mm mm, [DeferredFree] PteTable table, bool now)
        {
            if (now)
            {
                PteFree(mm, table);
            }

            PteFreeDefer(mm, {|#0:table|});
        }
        """, Diagnostic(Descriptors.DoubleDeferredFreeOnSomePaths, 0).WithArguments("table", "handed to deferred freeing", "PteFree", 13));

    [Fact]
    public Task OwnParameterPassedOnOnSomePaths_ThenToTheSameCallee_ReportsOnSomePaths() => Verify("""
        static void FreeTable([RequiresMm] Mm mm, [DeferredFree] PteTable table, bool now)
        {
            if (now)
            {
                PteFree(mm, table);
            }

            PteFree(mm, {|PGT104:table|});
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnInBothBranches_ThenAgain_ReportsOnAllPaths() => Verify("""
        static void FreeTable([RequiresMm] Mm mm, [DeferredFree] PteTable table, bool now)
        {
            if (now)
            {
                PteFree(mm, table);
            }
            else
            {
                PteFreeDefer(mm, table);
            }

            PteFree(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task HandedTwiceToADeferringCompoundOperator_Reports() => VerifyAsync<DoubleDeferredFreeAnalyzer>(Snippet.InClass("""
        void F(Bin bin, PteTable table)
        {
            bin += table;
            bin += {|#0:table|};
        }
        """) + """
        sealed class Bin
        {
            public static Bin operator +(Bin bin, [DeferredFree] PteTable table) => bin;
        }
        """, Diagnostic(Descriptors.DoubleDeferredFree, 0).WithArguments("table", "handed to deferred freeing", "operator +", 11));

    [Fact]
    public Task TwoTablesToADeferringCompoundOperator_IsSilent() => VerifyAsync<DoubleDeferredFreeAnalyzer>(Snippet.InClass("""
        void F(Bin bin, PteTable table, PteTable other)
        {
            bin += table;
            bin += other;
        }
        """) + """
        sealed class Bin
        {
            public static Bin operator +(Bin bin, [DeferredFree] PteTable table) => bin;
        }
        """);

    [Fact]
    public Task DeferredInTryAndAgainInFinally_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                PteFreeDefer(mm, table);
            }
            finally
            {
                PteFreeDefer(mm, {|PGT004:table|});
            }
        }
        """);

    [Fact]
    public Task QueuedTwiceInsideLambda_Reports() => Verify("""
        void F(Page page)
        {
            RunLater(() =>
            {
                CallRcu(page.RcuHead, Free);
                CallRcu({|PGT004:page.RcuHead|}, Free);
            });
        }
        """);

    [Fact]
    public Task DeferredTwiceInsideLocalFunction_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retract(table);

            void Retract(PteTable t)
            {
                PteFreeDefer(mm, t);
                PteFreeDefer(mm, {|PGT004:t|});
            }
        }
        """);

    [Fact]
    public Task AliasFromSwitchExpression_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int half)
        {
            PteFreeDefer(mm, table);
            var chosen = half switch { 0 => table, _ => table };
            PteFreeDefer(mm, {|PGT004:chosen|});
        }
        """);

    [Fact]
    public Task BuddyPageMatchedByPattern_Reports() => Verify("""
        void F(Page page, object buddy)
        {
            buddy = page;
            CallRcu(page.RcuHead, Free);
            if (buddy is Page same)
            {
                CallRcu({|PGT004:same.RcuHead|}, Free);
            }
        }
        """);

    [Fact]
    public Task DeferredAgainAfterAwait_Reports() => Verify("""
        async Task F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            await Task.Delay(1);
            PteFreeDefer(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task GenericDeferredFree_Reports() => Verify("""
        static void Defer<T>([DeferredFree] T value) where T : class { }

        void F(PteTable table)
        {
            Defer(table);
            Defer({|PGT004:table|});
        }
        """);

    [Fact]
    public Task DeferredByMethodOfOtherPartialPart_Reports() => VerifyAsync<DoubleDeferredFreeAnalyzer>(
        Snippet.InClass("""
        void F(PteTable table)
        {
            FreeLater(table);
            FreeLater({|PGT004:table|});
        }
        """) + """
        partial class C
        {
            static partial void FreeLater([DeferredFree] PteTable table);
        }
        """);

    // ---- silent ----

    [Fact]
    public Task TwoDifferentTables_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper)
        {
            PteFreeDefer(mm, lower);
            PteFreeDefer(mm, upper);
        }
        """);

    [Fact]
    public Task TableTakenFromEachSlotOfALoop_IsSilent() => Verify("""
        sealed class Slot { public PteTable? Table; }

        void Retract([RequiresMm] Mm mm, Slot[] slots)
        {
            foreach (var slot in slots)
            {
                var table = slot.Table;
                slot.Table = null;
                if (table is not null)
                {
                    PteFreeDefer(mm, table);
                }
            }
        }
        """);

    [Fact]
    public Task ReassignedBeforeSecondDefer_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            table = PteTable.Alloc(mm);
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnOnce_IsSilent() => Verify("""
        static void PteFreeDeferMerged([RequiresMm] Mm mm, [DeferredFree] PteTable table)
        {
            var page = Page.FromTable(table);
            page.Active = true;
            PteFree(mm, table);
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnInEitherBranch_IsSilent() => Verify("""
        static void FreeTable([RequiresMm] Mm mm, [DeferredFree] PteTable table, bool now)
        {
            if (now)
            {
                PteFree(mm, table);
            }
            else
            {
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnAndReturned_ElsePassedOnAfter_IsSilent() => Verify("""
        static void FreeTable([RequiresMm] Mm mm, [DeferredFree] PteTable table, bool now)
        {
            if (now)
            {
                PteFree(mm, table);
                return;
            }

            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnUnderAFlag_AgainUnderItsOpposite_IsSilent() => Verify("""
        static void FreeTable([RequiresMm] Mm mm, [DeferredFree] PteTable table, bool now)
        {
            if (now)
            {
                PteFree(mm, table);
            }

            if (!now)
            {
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task ClaimReleaseClaim_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            ListDel(page.Lru);
            ListAdd(page.Lru, mm.Context.PgtableList);
        }
        """);

    [Fact]
    public Task OneDeferOnEachBranch_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool early)
        {
            if (early)
            {
                PteFreeDefer(mm, table);
            }
            else
            {
                PteFree(mm, table);
            }
        }
        """);

    [Fact]
    public Task FreshTableEachIteration_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var table = PteTable.Alloc(mm);
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task DeferOnceInFinally_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                table[0] = PteNone;
            }
            finally
            {
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task LambdaQueuesItsOwnPage_IsSilent() => Verify("""
        void F(Page page, Page other)
        {
            CallRcu(page.RcuHead, Free);
            RunLater(() => CallRcu(other.RcuHead, Free));
        }
        """);

    [Fact]
    public Task AsyncDeferOnce_IsSilent() => Verify("""
        async Task F([RequiresMm] Mm mm, PteTable table)
        {
            await Task.Yield();
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task EachBuddyQueuesItsOwnPage_IsSilent() => Verify("""
        void F(Page lower, Page upper, int half)
        {
            var chosen = half switch { 0 => lower, _ => upper };
            CallRcu(chosen.RcuHead, Free);
        }
        """);

    [Fact]
    public Task CodeWithoutAnyAttributes_IsSilent() => VerifyAsync<DoubleDeferredFreeAnalyzer>("""
        class Table { }

        static class Plain
        {
            static void Free(Table t) { }

            static void F(Table t)
            {
                Free(t);
                Free(t);
            }
        }
        """);
}
