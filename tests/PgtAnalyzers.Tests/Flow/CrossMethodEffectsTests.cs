using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// Inferred effects (annotations.md, Contract v2, point 2): an unannotated method in source acts at its call
/// sites as if its parameters carried the attributes its body earns them; on some of its paths only, the
/// "on some paths" twin. All rules run. <see cref="Snippet.InClass"/> puts the first member on line 9.
/// </summary>
public sealed class CrossMethodEffectsTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected) => VerifyAllAsync(Snippet.InClass(members), expected);

    // ---- reports ----

    [Fact]
    public Task HelperDefers_CallerWrites_PGT001() => Verify("""
        static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire(mm, table);
            {|PGT001:table[0]|} = 0;
        }
        """);

    [Fact]
    public Task Message_NamesTheHelperAndTheCallInsideIt() => Verify("""
        static void Retire([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire(mm, table);
            {|#0:table[0]|} = 0;
        }
        """,
        Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("table", "Retire", "16 (its body calls 'PteFreeDefer' on line 11)"));

    [Fact]
    public Task HelperDefersOnSomePaths_CallerWrites_PGT101() => Verify("""
        static void MaybeRetire([RequiresMm] Mm mm, PteTable table, bool now)
        {
            if (now)
            {
                PteFreeDefer(mm, table);
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            MaybeRetire(mm, table, true);
            {|PGT101:table[0]|} = 0;
        }
        """);

    [Fact]
    public Task HelperDefers_CallerDefersAgain_PGT004() => Verify("""
        static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire(mm, table);
            PteFreeDefer(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task ChainOfTwoHelpers_PGT001() => Verify("""
        static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
        static void RetireLater([RequiresMm] Mm mm, PteTable table) => Retire(mm, table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            RetireLater(mm, table);
            {|PGT001:table[1]|} = 0;
        }
        """);

    [Fact]
    public Task ChainOfThreeHelpers_PGT001() => Verify("""
        static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
        static void Retire2([RequiresMm] Mm mm, PteTable table) => Retire(mm, table);
        static void Retire3([RequiresMm] Mm mm, PteTable table) => Retire2(mm, table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire3(mm, table);
            {|PGT001:table[1]|} = 0;
        }
        """);

    [Fact]
    public Task HelperWrites_CallerPassesDeferredTable_PGT001() => Verify("""
        static void Clear(PteTable table)
        {
            table[0] = 0;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Clear({|PGT001:table|});
        }
        """);

    [Fact]
    public Task HelperWritesThroughARefLocal_CallerPassesDeferredTable_PGT001() => Verify("""
        static void Clear(PteTable table)
        {
            ref var word = ref table.Words[0];
            word = 0;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Clear({|PGT001:table|});
        }
        """);

    [Fact]
    public Task HelperUpdatesThroughARefLocal_CallerPassesDeferredTable_PGT001() => Verify("""
        static void Mark(PteTable table)
        {
            ref var word = ref table.Words[1];
            word |= 4;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Mark({|PGT001:table|});
        }
        """);

    [Fact]
    public Task HelperWritesThroughARefLocalIntoItsOwnArray_Silent() => Verify("""
        static void Fill(PteTable table)
        {
            var scratch = new ulong[4];
            ref var word = ref scratch[0];
            word = table[0];
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Fill(table);
        }
        """);

    [Fact]
    public Task HelperWritesOnSomePaths_PGT101() => Verify("""
        static void MaybeClear(PteTable table, int n)
        {
            if (n > 0)
            {
                table[n] = 0;
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            MaybeClear({|PGT101:table|}, 3);
        }
        """);

    [Fact]
    public Task HelperPassesItsMmOn_CallerPassesNull_PGT003() => Verify("""
        static void Lock(Mm mm) => SpinLock({|PGT003:mm|});

        void F()
        {
            Lock({|#0:null|});
        }
        """,
        Diagnostic(Descriptors.MissingMm, 0).WithArguments("null", "Lock", "it is null (its body passes it as the mm of 'SpinLock' on line 9)"));

    [Fact]
    public Task HelperClaimsLru_CallerQueuesRcuHead_PGT002() => Verify("""
        static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            List(page, mm);
            CallRcu({|PGT002:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task LocalFunctionHelper_PGT001() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire(table);
            {|PGT001:table[0]|} = 0;

            void Retire(PteTable t) => PteFreeDefer(mm, t);
        }
        """);

    [Fact]
    public Task HelperInAnotherDocument_PGT001()
    {
        var test = new PgtAnalyzerTest(AllAnalyzers())
        {
            TestCode = Snippet.InClass("""
                void F([RequiresMm] Mm mm, PteTable table)
                {
                    Helpers.Retire(mm, table);
                    {|PGT001:table[0]|} = 0;
                }
                """),
        };
        test.TestState.Sources.Add(("Helpers.cs", Snippet.Usings + """
            static class Helpers
            {
                public static void Retire(Mm mm, PteTable table)
                {
                    if (mm is not null)
                    {
                        PteFreeDefer({|PGT003:mm|}, table);
                    }
                    else
                    {
                        PteFree({|PGT003:mm|}, table);
                    }
                }
            }
            """));
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task PartialClass_HelperInTheOtherPart_PGT001()
    {
        var test = new PgtAnalyzerTest(AllAnalyzers())
        {
            TestCode = Snippet.InClass("""
                void F([RequiresMm] Mm mm, PteTable table)
                {
                    Retire(mm, table);
                    {|PGT001:table[0]|} = 0;
                }
                """),
        };
        test.TestState.Sources.Add(("C.Part2.cs", Snippet.InClass("""
            private static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
            """)));
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task ExtensionMethodHelper_PGT001() => VerifyAllAsync(Snippet.Usings + """
        static class TableExtensions
        {
            public static void Retire(this PteTable table, [RequiresMm] Mm mm) => PteFreeDefer(mm, table);
        }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                table.Retire(mm);
                {|PGT001:table[2]|} = 0;
            }
        }
        """);

    // ---- an inferred claim or release is reported at the call's argument, as an attribute's is ----

    [Fact]
    public Task HelperClaimsLru_AfterCallRcu_ReportedAtTheArgument_PGT002() => Verify("""
        static void List(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            CallRcu(page.RcuHead, head => { });
            List({|#0:page|}, mm);
        }
        """,
        Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.Lru", "claimed", "page.RcuHead", "CallRcu", "14"));

    [Fact]
    public Task HelperQueuesTheRcuHeadOfAListedPage_ReportedAtTheArgument_PGT002() => Verify("""
        static void Queue(Page page) => CallRcu(page.RcuHead, head => { });

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Queue({|#0:page|});
        }
        """,
        Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.RcuHead", "claimed", "page.Lru", "ListAdd", "14"));

    [Fact]
    public Task HelperListsTheMemberItIsGiven_CallerQueuesRcuHead_PGT002() => Verify("""
        static void Link(ListHead node, ListHead head) => ListAdd(node, head);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Link(page.Lru, mm.Context.PgtableList);
            CallRcu({|#0:page.RcuHead|}, head => { });
        }
        """,
        Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.RcuHead", "claimed", "page.Lru", "Link", "14 (its body calls 'ListAdd' on line 9)"));

    [Fact]
    public Task HelperListsTheMemberItIsGiven_AfterCallRcu_ClaimedNotRead_PGT002() => Verify("""
        static void Link(ListHead node, ListHead head) => ListAdd(node, head);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            CallRcu(page.RcuHead, head => { });
            Link({|#0:page.Lru|}, mm.Context.PgtableList);
        }
        """,
        Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.Lru", "claimed", "page.RcuHead", "CallRcu", "14"));

    [Fact]
    public Task ChainOfHelpersPassingTheMemberOn_PGT002() => Verify("""
        static void Link(ListHead node, ListHead head) => ListAdd(node, head);
        static void LinkPage(ListHead node, [RequiresMm] Mm mm) => Link(node, mm.Context.PgtableList);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            LinkPage(page.Lru, mm);
            CallRcu({|PGT002:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task HelperListsTheMemberOnSomePaths_PGT102() => Verify("""
        static void MaybeLink(ListHead node, ListHead head, bool now)
        {
            if (now)
            {
                ListAdd(node, head);
            }
        }

        void F([RequiresMm] Mm mm, bool now)
        {
            var page = new Page();
            MaybeLink(page.Lru, mm.Context.PgtableList, now);
            CallRcu({|PGT102:page.RcuHead|}, head => { });
        }
        """);

    // ---- silent ----

    [Fact]
    public Task HelperOnlyReads_Silent() => Verify("""
        static ulong First(PteTable table) => table[0];

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var word = First(table);
            PteFreeDefer(mm, table);
            var again = First(table);
        }
        """);

    [Fact]
    public Task VirtualHelper_IsUnknown_Silent() => Verify("""
        protected virtual void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire(mm, table);
            table[0] = 0;
        }
        """);

    // ---- base calls: the body named runs, virtual or not ----

    [Fact]
    public Task BaseCallToAVirtualHelperThatDefers_ThenWrite_PGT001() => VerifyAllAsync(Snippet.Usings + """
        class Retirer
        {
            protected virtual void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
        }

        sealed class CountingRetirer : Retirer
        {
            public int Count;

            protected override void Retire(Mm mm, PteTable table)
            {
                base.Retire(mm, table);
                {|PGT001:table[0]|} = 0;
                Count++;
            }
        }
        """);

    [Fact]
    public Task BaseCallToAVirtualHelperThatDefers_ThenDeferAgain_PGT004() => VerifyAllAsync(Snippet.Usings + """
        class Retirer
        {
            protected virtual void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
        }

        class LoggingRetirer : Retirer
        {
            void RetireTwice([RequiresMm] Mm mm, PteTable table)
            {
                base.Retire(mm, table);
                PteFreeDefer(mm, {|PGT004:table|});
            }
        }
        """);

    [Fact]
    public Task BaseCallToAVirtualHelperThatDefersOnOnePath_PGT101() => VerifyAllAsync(Snippet.Usings + """
        class Retirer
        {
            protected virtual void Retire([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now)
                {
                    PteFreeDefer(mm, table);
                }
            }
        }

        class LoggingRetirer : Retirer
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                base.Retire(mm, table, now);
                {|PGT101:table[0]|} = 0;
            }
        }
        """);

    [Fact]
    public Task VirtualCallOnThis_IsUnknown_Silent() => VerifyAllAsync(Snippet.Usings + """
        class Retirer
        {
            protected virtual void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);

            void F([RequiresMm] Mm mm, PteTable table)
            {
                this.Retire(mm, table);
                table[0] = 0;
            }
        }

        class KeepingRetirer : Retirer
        {
            protected override void Retire(Mm mm, PteTable table) { }
        }
        """);

    [Fact]
    public Task BaseCallToAHelperThatDefersAnotherTable_Silent() => VerifyAllAsync(Snippet.Usings + """
        class Retirer
        {
            protected virtual void Retire([RequiresMm] Mm mm, PteTable table, PteTable spare) => PteFreeDefer(mm, spare);
        }

        sealed class CountingRetirer : Retirer
        {
            protected override void Retire(Mm mm, PteTable table, PteTable spare)
            {
                base.Retire(mm, table, spare);
                table[0] = 0;
            }
        }
        """);

    [Fact]
    public Task BaseCallToAHelperThatOnlyReads_Silent() => VerifyAllAsync(Snippet.Usings + """
        class Reader
        {
            protected virtual ulong First(PteTable table) => table[0];
        }

        sealed class Retirer : Reader
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                var word = base.First(table);
                PteFreeDefer(mm, table);
                var again = base.First(table);
            }
        }
        """);

    [Fact]
    public Task InterfaceCallee_IsUnknown_Silent() => VerifyAllAsync(Snippet.Usings + """
        interface IRetirer
        {
            void Retire(Mm mm, PteTable table);
        }

        sealed class Retirer : IRetirer
        {
            public void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
        }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, IRetirer retirer)
            {
                retirer.Retire(mm, table);
                table[0] = 0;
            }
        }
        """);

    [Fact]
    public Task ExplicitAttribute_WinsOverInference_Silent() => Verify("""
        static void Retire([RequiresMm] Mm mm, [Writes] PteTable table)
        {
            table[0] = 0;
            PteFreeDefer(mm, table);
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire(mm, table);
            table[0] = 0;
        }
        """);

    [Fact]
    public Task Recursion_EndsAtTheDepthCap_Silent() => Verify("""
        static void Spin(PteTable table, int n)
        {
            if (n > 0)
            {
                Spin(table, n - 1);
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Spin(table, 3);
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task ChainPastTheDepthCap_IsUnknown_Silent() => Verify("""
        static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);
        static void Retire2([RequiresMm] Mm mm, PteTable table) => Retire(mm, table);
        static void Retire3([RequiresMm] Mm mm, PteTable table) => Retire2(mm, table);
        static void Retire4([RequiresMm] Mm mm, PteTable table) => Retire3(mm, table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retire4(mm, table);
            table[1] = 0;
        }
        """);

    [Fact]
    public Task HelperDefersAnotherTable_Silent() => Verify("""
        static void RetireFresh([RequiresMm] Mm mm, PteTable table)
        {
            table = new PteTable();
            PteFreeDefer(mm, table);
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            RetireFresh(mm, table);
            table[0] = 0;
        }
        """);

    [Fact]
    public Task HelperReleasesLru_BeforeTheRcuHead_Silent() => Verify("""
        static void Unlist(Page page) => ListDel(page.Lru);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Unlist(page);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task LambdaCallee_IsUnknown_Silent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            System.Action<PteTable> retire = t => PteFreeDefer(mm, t);
            retire(table);
            table[0] = 0;
        }
        """);

    [Fact]
    public Task HelperPassesMm_CallerGivesItsOwn_Silent() => Verify("""
        static void Lock([RequiresMm] Mm mm) => SpinLock(mm);
        static void LockTwice([RequiresMm] Mm mm)
        {
            Lock(mm);
            SpinLock(mm);
        }

        void F([RequiresMm] Mm mm)
        {
            LockTwice(mm);
        }
        """);

    [Fact]
    public Task HelperWrites_TableNotDeferred_Silent() => Verify("""
        static void Clear(PteTable table) => table[0] = 0;

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            PteFreeDefer(mm, other);
            Clear(table);
        }
        """);

    [Fact]
    public Task HelperDefersInALambda_NotOnReturn_Silent() => Verify("""
        static void Later([RequiresMm] Mm mm, PteTable table) => RunLater(() => PteFreeDefer(mm, table));

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Later(mm, table);
            table[0] = 0;
        }
        """);

    [Fact]
    public Task HelperThatAlwaysThrows_NothingAfterRuns_Silent() => Verify("""
        static void Fail([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            throw new System.InvalidOperationException();
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                Fail(mm, table);
            }
            catch (System.InvalidOperationException)
            {
            }
        }
        """);

    // ---- an inferred claim or release of the member a helper is given: silent ----

    [Fact]
    public Task HelperUnlinksTheMemberItIsGiven_BeforeTheRcuHead_Silent() => Verify("""
        static void Unlink(ListHead node) => ListDel(node);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Unlink(page.Lru);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task ChainOfHelpersUnlinkingTheMember_Silent() => Verify("""
        static void Unlink(ListHead node) => ListDelInit(node);
        static void Drop(ListHead node) => Unlink(node);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Drop(page.Lru);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperAssertingTheMemberOffList_Silent() => Verify("""
        static void CheckOffList(ListHead node) => AssumeOffList(node);

        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            CheckOffList(page.Lru);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperListsAnotherPagesMember_Silent() => Verify("""
        static void Link(ListHead node, ListHead head) => ListAdd(node, head);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            var other = new Page();
            Link(other.Lru, mm.Context.PgtableList);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task VirtualHelperGivenTheMember_IsUnknown_Silent() => Verify("""
        protected virtual void Link(ListHead node, ListHead head) => ListAdd(node, head);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Link(page.Lru, mm.Context.PgtableList);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperAssertingAMemberOfItsParameterOffList_Silent() => Verify("""
        static void CheckOffList(Page page) => AssumeOffList(page.Lru);

        void F([RequiresMm] Mm mm, Page page)
        {
            ListAdd(page.Lru, mm.Context.PgtableList);
            CheckOffList(page);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    // ---- a helper that releases and then claims again ----

    [Fact]
    public Task HelperRelinkingAMemberOfItsParameter_LeavesItLive_PGT002() => Verify("""
        static void Relink(Page page, ListHead head)
        {
            ListDel(page.Lru);
            ListAdd(page.Lru, head);
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Relink(page, mm.Context.PgtableList);
            CallRcu({|PGT002:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task HelperRelinkingTheMemberItIsGiven_LeavesItLive_PGT002() => Verify("""
        static void Relink(ListHead node, ListHead head)
        {
            ListDel(node);
            ListAdd(node, head);
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Relink(page.Lru, mm.Context.PgtableList);
            CallRcu({|PGT002:page.RcuHead|}, head => { });
        }
        """);

    // ---- the order of a helper's claims and releases (reports) ----

    [Fact]
    public Task HelperRelinkingTheMember_MessageNamesTheClaimInItsBody() => Verify("""
        static void Relink(ListHead node, ListHead head)
        {
            ListDel(node);
            ListAdd(node, head);
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Relink(page.Lru, mm.Context.PgtableList);
            CallRcu({|#0:page.RcuHead|}, head => { });
        }
        """,
        Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.RcuHead", "claimed", "page.Lru", "Relink", "18 (its body calls 'ListAdd' on line 12)"));

    [Fact]
    public Task HelperRelinkingOnOnePathOnly_PGT102() => Verify("""
        static void MaybeRelink(ListHead node, ListHead head, bool keep)
        {
            ListDel(node);
            if (keep)
            {
                ListAdd(node, head);
            }
        }

        void F([RequiresMm] Mm mm, bool keep)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            MaybeRelink(page.Lru, mm.Context.PgtableList, keep);
            CallRcu({|PGT102:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task ChainOfTwoRelinkingHelpers_PGT002() => Verify("""
        static void Relink(ListHead node, ListHead head)
        {
            ListDel(node);
            ListAdd(node, head);
        }

        static void Move(ListHead node, ListHead head) => Relink(node, head);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Move(page.Lru, mm.Context.PgtableList);
            CallRcu({|PGT002:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task HelperListingThenUnlinking_ClaimsWhileTheRcuHeadIsQueued_PGT002() => Verify("""
        static void ListBriefly(ListHead node, ListHead head)
        {
            ListAdd(node, head);
            ListDel(node);
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            CallRcu(page.RcuHead, head => { });
            ListBriefly({|PGT002:page.Lru|}, mm.Context.PgtableList);
        }
        """);

    [Fact]
    public Task HelperQueueingTheRcuHeadBeforeUnlinking_PGT002() => Verify("""
        static void Free(Page page)
        {
            CallRcu(page.RcuHead, head => { });
            ListDel({|PGT002:page.Lru|});
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Free({|PGT002:page|});
        }
        """);

    // ---- the order of a helper's claims and releases (silent) ----

    [Fact]
    public Task HelperListingThenUnlinking_LeavesTheMemberReleased_Silent() => Verify("""
        static void ListBriefly(ListHead node, ListHead head)
        {
            ListAdd(node, head);
            ListDel(node);
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListBriefly(page.Lru, mm.Context.PgtableList);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperRelinkingTheListedMember_IsNoSecondClaim_Silent() => Verify("""
        static void Relink(ListHead node, ListHead head)
        {
            ListDel(node);
            ListAdd(node, head);
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Relink(page.Lru, mm.Context.PgtableList);
            ListDel(page.Lru);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperReclaimingAndReleasingOnOnePath_LeavesItReleasedOnEvery_Silent() => Verify("""
        static void Cycle(ListHead node, ListHead head, bool again)
        {
            ListDel(node);
            if (again)
            {
                ListAdd(node, head);
                ListDel(node);
            }
        }

        void F([RequiresMm] Mm mm, bool again)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Cycle(page.Lru, mm.Context.PgtableList, again);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task ChainOfTwoHelpersListingThenUnlinking_Silent() => Verify("""
        static void ListBriefly(ListHead node, ListHead head)
        {
            ListAdd(node, head);
            ListDel(node);
        }

        static void Touch(ListHead node, ListHead head) => ListBriefly(node, head);

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Touch(page.Lru, mm.Context.PgtableList);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperUnlinkingBeforeQueueingTheRcuHead_Silent() => Verify("""
        static void Free(Page page)
        {
            ListDel(page.Lru);
            CallRcu(page.RcuHead, head => { });
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Free(page);
        }
        """);

    [Fact]
    public Task HelperRelinkingOnEachBranch_LeavesItLiveOnEvery_PGT002() => Verify("""
        static void Requeue(ListHead node, ListHead head, ListHead other, bool front)
        {
            ListDel(node);
            if (front)
            {
                ListAdd(node, head);
            }
            else
            {
                ListAdd(node, other);
            }
        }

        void F([RequiresMm] Mm mm, ListHead other, bool front)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Requeue(page.Lru, mm.Context.PgtableList, other, front);
            CallRcu({|PGT002:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task HelperListingAndUnlinkingOnOnePath_LeavesNothingLive_Silent() => Verify("""
        static void MaybeListBriefly(ListHead node, ListHead head, bool c)
        {
            if (c)
            {
                ListAdd(node, head);
                ListDel(node);
            }
        }

        void F([RequiresMm] Mm mm, bool c)
        {
            var page = new Page();
            MaybeListBriefly(page.Lru, mm.Context.PgtableList, c);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperListingAndUnlinkingOnOnePath_WhileTheRcuHeadIsQueued_PGT102() => Verify("""
        static void MaybeListBriefly(ListHead node, ListHead head, bool c)
        {
            if (c)
            {
                ListAdd(node, head);
                ListDel(node);
            }
        }

        void F([RequiresMm] Mm mm, bool c)
        {
            var page = new Page();
            CallRcu(page.RcuHead, head => { });
            MaybeListBriefly({|PGT102:page.Lru|}, mm.Context.PgtableList, c);
        }
        """);

    [Fact(Skip = "Known limitation (PGT002.md): only the last access on each path is followed path by path; the release "
        + "before the claim on the same branch reads as 'on some paths', so the claim is checked against a member live on some paths")]
    public Task HelperRelistingOnOneBranch_CalledWithTheMemberLive_Silent() => Verify("""
        static void MaybeCycle(ListHead node, ListHead head, bool c)
        {
            if (c)
            {
                ListDel(node);
                ListAdd(node, head);
                ListDel(node);
            }
        }

        void F([RequiresMm] Mm mm, bool c)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            MaybeCycle(page.Lru, mm.Context.PgtableList, c);
        }
        """);

    // ---- a helper that returns its argument: the result is an alias of it ----

    [Fact]
    public Task HelperDefersAndReturnsItsArgument_WriteThroughTheResult_PGT001() => Verify("""
        static PteTable Retire([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            return table;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            {|PGT001:Retire(mm, table)[0]|} = 0;
        }
        """);

    [Fact]
    public Task IdentityHelper_ResultWrittenAfterTheArgumentIsDeferred_PGT001() => Verify("""
        static PteTable Same(PteTable table) => table;

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var alias = Same(table);
            PteFreeDefer(mm, table);
            {|PGT001:alias[0]|} = 0;
        }
        """);

    [Fact]
    public Task HelperReturnsItsSecondArgument_DeferredThroughIt_PGT001() => Verify("""
        static PteTable Second(PteTable first, PteTable second) => second;

        void F([RequiresMm] Mm mm, PteTable spare, PteTable table)
        {
            PteFreeDefer(mm, Second(spare, table));
            {|PGT001:table[0]|} = 0;
            spare[0] = 0;
        }
        """);

    [Fact]
    public Task IdentityHelper_DeferredTwiceThroughIt_PGT004() => Verify("""
        static PteTable Same(PteTable table) { return (table); }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            PteFreeDefer(mm, {|PGT004:Same(table)|});
        }
        """);

    [Fact]
    public Task ExtensionHelperReturnsItsReceiver_PGT001() => VerifyAllAsync(Snippet.Usings + """
        static class TableExtensions
        {
            public static PteTable Cleared(this PteTable table) { table[1] = 0; return table; }
        }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                {|PGT001:table|}.Cleared();
            }

            void G([RequiresMm] Mm mm, PteTable table)
            {
                var same = table.Cleared();
                PteFreeDefer(mm, table);
                {|PGT001:same[0]|} = 0;
            }
        }
        """);

    [Fact]
    public Task HelperReturnsANewTable_WriteThroughTheResult_Silent() => Verify("""
        static PteTable Replace([RequiresMm] Mm mm, PteTable old) => PteTable.Alloc(mm);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Replace(mm, table)[0] = 0;
        }
        """);

    [Fact]
    public Task HelperReassignsItsParameterBeforeReturningIt_Silent() => Verify("""
        static PteTable Swap(PteTable table, PteTable other)
        {
            table = other;
            return table;
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable spare)
        {
            PteFreeDefer(mm, table);
            Swap(table, spare)[0] = 0;
        }
        """);

    [Fact]
    public Task HelperPassesItsParameterByRefBeforeReturningIt_Silent() => Verify("""
        static void Take(ref PteTable slot, PteTable other) => slot = other;

        static PteTable Exchange(PteTable table, PteTable other)
        {
            Take(ref table, other);
            return table;
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable spare)
        {
            PteFreeDefer(mm, table);
            Exchange(table, spare)[0] = 0;
        }
        """);

    [Fact]
    public Task ALambdaInsideTheHelperReturningAnotherValue_DoesNotCount_PGT001() => Verify("""
        static PteTable Keep(PteTable table, PteTable other)
        {
            Func<PteTable> later = () => other;
            return table;
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable spare)
        {
            PteFreeDefer(mm, table);
            {|PGT001:Keep(table, spare)[0]|} = 0;
        }
        """);

    [Fact]
    public Task HelperReturnsTheParameterOnOnePathOnly_Silent() => Verify("""
        static PteTable Either([RequiresMm] Mm mm, PteTable table, bool reuse)
        {
            if (reuse)
            {
                return table;
            }

            return PteTable.Alloc(mm);
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Either(mm, table, false)[0] = 0;
        }
        """);

    // ---- a local function's effects on the variables it captures ----

    [Fact]
    public Task LocalFunctionDefersACapturedParameter_ThenWrite_PGT001() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Free() => PteFreeDefer(mm, table);
            Free();
            {|#0:table[0]|} = 0;
        }
        """,
        Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("table", "Free", "12 (its body calls 'PteFreeDefer' on line 11)"));

    [Fact]
    public Task LocalFunctionDefersACapturedLocal_CalledTwice_PGT004() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            var table = PteTable.Alloc(mm);
            void Free() => PteFreeDefer(mm, table);
            table[1] = 0;
            Free();
            {|PGT001:table[0]|} = 0;
            {|PGT004:Free()|};
        }
        """);

    [Fact]
    public Task LocalFunctionWritesACapturedTable_CalledAfterTheDeferral_PGT001() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Clear() => table[0] = 0;
            Clear();
            PteFreeDefer(mm, table);
            {|PGT001:Clear()|};
        }
        """);

    [Fact]
    public Task LocalFunctionListsACapturedPage_ThenCallRcu_PGT002() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            void List() => ListAdd(page.Lru, mm.Context.PgtableList);
            List();
            CallRcu({|PGT002:page.RcuHead|}, Free);
        }

        [NoMm] static void Free(RcuHead head) { }
        """);

    [Fact]
    public Task LocalFunctionDefersOnOnePath_ThenWrite_PGT101() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool now)
        {
            void MaybeFree()
            {
                if (now)
                {
                    PteFreeDefer(mm, table);
                }
            }

            MaybeFree();
            {|PGT101:table[0]|} = 0;
        }
        """);

    [Fact]
    public Task LocalFunctionDefersACapturedTable_ReassignedBeforeTheWrite_Silent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Free() => PteFreeDefer(mm, table);
            Free();
            table = PteTable.Alloc(mm);
            table[0] = 0;
        }
        """);

    [Fact]
    public Task LocalFunctionDefersAnotherCapturedTable_Silent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            void Free() => PteFreeDefer(mm, other);
            Free();
            table[0] = 0;
        }
        """);

    [Fact]
    public Task LocalFunctionThatDefersIsNeverCalled_Silent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Free() => PteFreeDefer(mm, table);
            table[0] = 0;
        }
        """);

    [Fact]
    public Task LocalFunctionOnlyReadsTheCapturedTable_AfterTheDeferral_Silent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            ulong First() => table[0];
            PteFreeDefer(mm, table);
            _ = First();
        }
        """);

    [Fact]
    public Task LocalFunctionUnlistsACapturedPage_ThenCallRcu_Silent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            void Unlist() => ListDel(page.Lru);
            ListAdd(page.Lru, mm.Context.PgtableList);
            Unlist();
            CallRcu(page.RcuHead, Free);
        }

        [NoMm] static void Free(RcuHead head) { }
        """);

    [Fact]
    public Task LocalFunctionRenewsTheCapturedTable_WriteAfterTheCall_Silent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Renew() => table = PteTable.Alloc(mm);
            PteFreeDefer(mm, table);
            Renew();
            table[0] = 0;
        }
        """);

    [Fact]
    public Task LocalFunctionDefersThenRenewsTheCapturedTable_OnlyTheOldAliasReports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Next()
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
            }

            var old = table;
            Next();
            table[0] = 0;
            {|PGT001:old[0]|} = 0;
        }
        """);

    // ---- "every path" in a helper follows its finally regions and its catch handlers ----

    [Fact]
    public Task HelperClaimsInAFinally_CallerQueuesRcuHead_PGT002() => Verify("""
        static void Enlist(Page page, [RequiresMm] Mm mm)
        {
            try
            {
                page.Active = true;
            }
            finally
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
            }
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            Enlist(page, mm);
            CallRcu({|#0:page.RcuHead|}, head => { });
        }
        """,
        Diagnostic(Descriptors.UnionOverlayConflict, 0).WithArguments("page.RcuHead", "claimed", "page.Lru", "Enlist", "24 (its body calls 'ListAdd' on line 17)"));

    [Fact]
    public Task HelperUnlistsInAFinally_BeforeTheRcuHead_Silent() => Verify("""
        static void Drain(Page page, bool early)
        {
            try
            {
                if (early)
                {
                    return;
                }

                page.Active = false;
            }
            finally
            {
                ListDelInit(page.Lru);
            }
        }

        void F([RequiresMm] Mm mm, bool early)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Drain(page, early);
            CallRcu(page.RcuHead, head => { });
        }
        """);

    [Fact]
    public Task HelperWritesInAFinally_PGT001() => Verify("""
        static void Clear([RequiresMm] Mm mm, PteTable table, Page page)
        {
            SpinLock(mm);
            try
            {
                page.Active = false;
            }
            finally
            {
                table[0] = PteNone;
                SpinUnlock(mm);
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Clear(mm, {|PGT001:table|}, new Page());
        }
        """);

    [Fact]
    public Task HelperPassesItsMmOnInAFinally_CallerPassesNull_PGT003() => Verify("""
        static void Unlock(Mm mm, PteTable table)
        {
            try
            {
                table.Page.Active = false;
            }
            finally
            {
                SpinUnlock({|PGT003:mm|});
            }
        }

        void F(PteTable table)
        {
            Unlock({|PGT003:null|}, table);
        }
        """);

    [Fact]
    public Task HelperWritesInATryWhoseCatchReturns_PGT101() => Verify("""
        static void Clear([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                SpinLock(mm);
                table[0] = PteNone;
            }
            catch (InvalidOperationException)
            {
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Clear(mm, {|PGT101:table|});
        }
        """);

    [Fact]
    public Task HelperUnlistsInATryWhoseCatchReturns_PGT102() => Verify("""
        static void Drain([RequiresMm] Mm mm, Page page)
        {
            try
            {
                SpinLock(mm);
                ListDel(page.Lru);
            }
            catch (InvalidOperationException)
            {
            }
        }

        void F([RequiresMm] Mm mm)
        {
            var page = new Page();
            ListAdd(page.Lru, mm.Context.PgtableList);
            Drain(mm, page);
            CallRcu({|PGT102:page.RcuHead|}, head => { });
        }
        """);

    [Fact]
    public Task HelperWritesInATryWhoseCatchRethrows_PGT001() => Verify("""
        static void Clear([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                SpinLock(mm);
                table[0] = PteNone;
            }
            catch (InvalidOperationException)
            {
                throw;
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Clear(mm, {|PGT001:table|});
        }
        """);

    // ---- a write reaches the caller through a chain of helpers, as a deferral does ----

    [Fact]
    public Task HelperWritesThroughAnotherHelper_PGT001() => Verify("""
        static void Zero(PteTable table) => table[0] = PteNone;

        static void Reset(PteTable table)
        {
            Zero(table);
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Reset({|#0:table|});
        }
        """,
        Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("table", "PteFreeDefer", "18"));

    [Fact]
    public Task ChainOfThreeWritingHelpers_PGT001() => Verify("""
        static void Zero(PteTable table) => table[0] = PteNone;
        static void Reset(PteTable table) => Zero(table);
        static void Scrub(PteTable table) => Reset(table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Scrub({|PGT001:table|});
        }
        """);

    [Fact]
    public Task ExtensionHelperWritesThroughAnotherExtension_PGT001() => VerifyAllAsync(Snippet.Usings + """
        static class TableExtensions
        {
            public static void Zero(this PteTable table) => table[0] = PteNone;
            public static void Reset(this PteTable table) { table.Zero(); }
        }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                {|PGT001:table|}.Reset();
            }
        }
        """);

    [Fact]
    public Task HelperWritesThroughAnotherHelperOnSomePaths_PGT101() => Verify("""
        static void Zero(PteTable table) => table[0] = PteNone;

        static void MaybeReset(PteTable table, bool dirty)
        {
            if (dirty)
            {
                Zero(table);
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            MaybeReset({|PGT101:table|}, true);
        }
        """);

    [Fact]
    public Task HelperPassesTheTableToAHelperWritingAnotherParameter_Silent() => Verify("""
        static void Copy(PteTable destination, PteTable source) => destination[0] = source[0];

        static void Snapshot(PteTable table, PteTable scratch)
        {
            Copy(scratch, table);
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable scratch)
        {
            PteFreeDefer(mm, table);
            Snapshot(table, scratch);
        }
        """);

    // ---- a returned parameter whose other arms throw is still the argument ----

    [Fact]
    public Task HelperReturnsItsParameterOrThrows_WriteThroughTheResult_PGT001() => Verify("""
        static PteTable Checked(PteTable table) => table ?? throw new ArgumentNullException(nameof(table));

        static PteTable Live(PteTable table, bool ok) => ok ? table : throw new InvalidOperationException();

        static PteTable Level(PteTable table, int level) => level switch
        {
            0 => table,
            1 => table,
            _ => throw new ArgumentOutOfRangeException(nameof(level)),
        };

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            {|PGT001:Checked(table)[0]|} = 0;
            {|PGT001:Live(table, true)[1]|} = 0;
            {|PGT001:Level(table, 1)[2]|} = 0;
        }
        """);

    [Fact]
    public Task IdentityOrThrowHelper_DeferredTwiceThroughIt_PGT004() => Verify("""
        static PteTable Checked(PteTable table) => table ?? throw new ArgumentNullException(nameof(table));

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, Checked(table));
            PteFreeDefer(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task HelperReturnsAnotherParameterOnOneArm_Silent() => Verify("""
        static PteTable Either(PteTable table, PteTable spare, bool ok) => ok ? table : spare ?? throw new InvalidOperationException();

        static PteTable Fallback(PteTable table, PteTable spare) => table ?? spare;

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            PteFreeDefer(mm, table);
            Either(other, table, true)[0] = 0;
            Fallback(other, table)[1] = 0;
        }
        """);
}
