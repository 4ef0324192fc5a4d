using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = PgtAnalyzers.Tests.CodeFixes.PgtCodeFixTest<PgtAnalyzers.CodeFixes.Rules.MissingMmFixer>;

namespace PgtAnalyzers.Tests.CodeFixes;

public sealed class MissingMmFixerTests
{
    /// <summary>PGT003 at markup <c>{|#at:...|}</c>, blaming where the bad mm came from at <c>{|#from:...|}</c>.</summary>
    private static DiagnosticResult Pgt003(int at, int from) =>
        new DiagnosticResult(RuleIds.MissingMm, DiagnosticSeverity.Error).WithLocation(at).WithLocation(from);

    // ---- fixes ----

    [Fact]
    public Task NullInHelper_AddsParameterAndPassesItFromTheCaller() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Free(PteTable table) => PageTableFree({|#0:null|}, table);

            void Retract([RequiresMm] Mm mm, PteTable table) => Free(table);
            """),
        [Pgt003(0, 0)],
        Snippet.InClass("""
            void Free([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);

            void Retract([RequiresMm] Mm mm, PteTable table) => Free(mm, table);
            """));

    [Fact]
    public Task CallersWithoutMm_GetTheParameterTransitively() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Free(PteTable table) => PageTableFree({|#0:null|}, table);

            void Collapse(PteTable table, bool last)
            {
                if (last)
                {
                    Free(table);
                }
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                Collapse(table, last: true);
                Collapse(table, false);
            }
            """),
        [Pgt003(0, 0)],
        Snippet.InClass("""
            void Free([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);

            void Collapse([RequiresMm] Mm mm, PteTable table, bool last)
            {
                if (last)
                {
                    Free(mm, table);
                }
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                Collapse(mm, table, last: true);
                Collapse(mm, table, false);
            }
            """));

    [Fact]
    public Task MmFromUnannotatedParameter_MarksIt() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Lock(Mm {|#1:mm|}, PteTable table)
            {
                var locked = mm;
                SpinLock({|#0:locked|});
            }
            """),
        [Pgt003(0, 1)],
        Snippet.InClass("""
            void Lock([RequiresMm] Mm mm, PteTable table)
            {
                var locked = mm;
                SpinLock(locked);
            }
            """));

    [Fact]
    public Task UnannotatedParameterCapturedByALambda_IsMarked() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Later(Mm {|#1:mm|}) => RunLater(() => SpinLock({|#0:mm|}));
            """),
        [Pgt003(0, 1)],
        Snippet.InClass("""
            void Later([RequiresMm] Mm mm) => RunLater(() => SpinLock(mm));
            """));

    [Fact]
    public Task MmFromNoSourceWithOwnRequiresMm_PassesTheOwnOne() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Lock([RequiresMm] Mm mm, Page page)
            {
                SpinLock({|#0:page.PtMm|});
            }
            """),
        [Pgt003(0, 0)],
        Snippet.InClass("""
            void Lock([RequiresMm] Mm mm, Page page)
            {
                SpinLock(mm);
            }
            """));

    [Fact]
    public Task NullOnSomePaths_PassesTheOwnMm() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Lock([RequiresMm] Mm mm, bool detached)
            {
                var target = detached ? null : mm;
                SpinLock({|#0:target|});
            }
            """),
        [new DiagnosticResult(RuleIds.MissingMmOnSomePaths, DiagnosticSeverity.Warning).WithLocation(0).WithLocation(0)],
        Snippet.InClass("""
            void Lock([RequiresMm] Mm mm, bool detached)
            {
                var target = detached ? null : mm;
                SpinLock(mm);
            }
            """));

    [Fact]
    public Task UnannotatedMmOfACaller_IsMarkedAndPassed() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Free(PteTable table) => PageTableFree({|#0:default|}, table);

            void Retract(Mm owner, PteTable table) => Free(table);
            """),
        [Pgt003(0, 0)],
        Snippet.InClass("""
            void Free([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);

            void Retract([RequiresMm] Mm owner, PteTable table) => Free(owner, table);
            """));

    [Fact]
    public Task NameTakenByALocal_PicksAnotherName() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Lock(Page page)
            {
                var mm = {|#1:page.PtMm|};
                SpinLock({|#0:mm|});
            }
            """),
        [Pgt003(0, 1)],
        Snippet.InClass("""
            void Lock([RequiresMm] Mm mm2, Page page)
            {
                var mm = page.PtMm;
                SpinLock(mm2);
            }
            """));

    [Fact]
    public Task FileWithoutTheUsing_GetsIt() => Verify.VerifyFixAsync(
        """
        using System;
        using StandIn;
        using static StandIn.Kernel;

        sealed class Walker
        {
            void Free(PteTable table) => PageTableFree({|#0:null|}, table);
        }
        """,
        [Pgt003(0, 0)],
        """
        using System;
        using PgtAnalyzers.Annotations;
        using StandIn;
        using static StandIn.Kernel;

        sealed class Walker
        {
            void Free([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);
        }
        """);

    [Fact]
    public Task ExtensionMethodAndLocalFunction_GetTheParameterAfterThisAndAtTheCall() => Verify.VerifyFixAsync(
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, int order) => SpinUnlock({|#0:page.PtMm|});

            static void Walk([RequiresMm] Mm mm, Page page)
            {
                Release(0);

                void Release(int order) => page.Unlock(order);
            }
        }
        """,
        [Pgt003(0, 0)],
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, [RequiresMm] Mm mm, int order) => SpinUnlock(mm);

            static void Walk([RequiresMm] Mm mm, Page page)
            {
                Release(mm, 0);

                void Release([RequiresMm] Mm mm2, int order) => page.Unlock(mm2, order);
            }
        }
        """);

    [Fact]
    public Task ExtensionMethodCalledInStaticForm_GetsTheMmAfterTheReceiver() => Verify.VerifyFixAsync(
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, int order) => SpinUnlock({|#0:page.PtMm|});

            static void Walk([RequiresMm] Mm mm, Page page) => PageWalk.Unlock(page, 0);
        }
        """,
        [Pgt003(0, 0)],
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, [RequiresMm] Mm mm, int order) => SpinUnlock(mm);

            static void Walk([RequiresMm] Mm mm, Page page) => PageWalk.Unlock(page, mm, 0);
        }
        """);

    [Fact]
    public Task ExtensionMethodCalledInBothForms_EachCallGetsTheMmWhereItsParameterIs() => Verify.VerifyFixAsync(
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, int order) => SpinUnlock({|#0:page.PtMm|});

            static void Walk([RequiresMm] Mm mm, Page page)
            {
                page.Unlock(0);
                PageWalk.Unlock(page, 1);
                Unlock(page, order: 2);
                page.Unlock(order: 3);
            }
        }

        sealed class Walker
        {
            void Walk([RequiresMm] Mm owner, Page page)
            {
                PageWalk.Unlock(page, 4);
                page.Unlock(5);
            }
        }
        """,
        [Pgt003(0, 0)],
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, [RequiresMm] Mm mm, int order) => SpinUnlock(mm);

            static void Walk([RequiresMm] Mm mm, Page page)
            {
                page.Unlock(mm, 0);
                PageWalk.Unlock(page, mm, 1);
                Unlock(page, mm, order: 2);
                page.Unlock(mm, order: 3);
            }
        }

        sealed class Walker
        {
            void Walk([RequiresMm] Mm owner, Page page)
            {
                PageWalk.Unlock(page, owner, 4);
                page.Unlock(owner, 5);
            }
        }
        """);

    // A positional mm after a named receiver is legal only in its place; named, it is legal anywhere after the receiver.
    [Fact]
    public Task ExtensionMethodCalledInStaticFormWithANamedReceiver_PassesTheMmByName() => Verify.VerifyFixAsync(
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, int order) => SpinUnlock({|#0:page.PtMm|});

            static void Walk([RequiresMm] Mm owner, Page page)
            {
                PageWalk.Unlock(page: page, order: 0);
                PageWalk.Unlock(order: 1, page: page);
                PageWalk.Unlock(page: page, 2);
            }
        }
        """,
        [Pgt003(0, 0)],
        Snippet.Usings + """
        static class PageWalk
        {
            public static void Unlock(this Page page, [RequiresMm] Mm mm, int order) => SpinUnlock(mm);

            static void Walk([RequiresMm] Mm owner, Page page)
            {
                PageWalk.Unlock(page: page, mm: owner, order: 0);
                PageWalk.Unlock(order: 1, page: page, mm: owner);
                PageWalk.Unlock(page: page, mm: owner, 2);
            }
        }
        """);

    [Fact]
    public Task TwoBadMmsInTwoMethods_FixAllThreadsOneParameterEach() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Free(Page page)
            {
                SpinLock({|#0:null|});
                PageTableFree({|#1:page.PtMm|}, page.Table);
                SpinUnlock({|#2:null|});
            }

            void Collapse(Page page) => Free(page);

            void Retract([RequiresMm] Mm mm, Page page)
            {
                Collapse(page);
                SpinLock({|#3:page.PtMm|});
            }
            """),
        [Pgt003(0, 0), Pgt003(1, 1), Pgt003(2, 2), Pgt003(3, 3)],
        Snippet.InClass("""
            void Free([RequiresMm] Mm mm, Page page)
            {
                SpinLock(mm);
                PageTableFree(mm, page.Table);
                SpinUnlock(mm);
            }

            void Collapse([RequiresMm] Mm mm, Page page) => Free(mm, page);

            void Retract([RequiresMm] Mm mm, Page page)
            {
                Collapse(mm, page);
                SpinLock(mm);
            }
            """));

    [Fact]
    public Task CallerInAnotherClassOfTheFile_IsThreadedToo() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            internal void Free(PteTable table) => PageTableFree({|#0:null|}, table);
            """) + """
            sealed class Other
            {
                void Use(C c, PteTable table) => c.Free(table);
            }
            """,
        [Pgt003(0, 0)],
        Snippet.InClass("""
            internal void Free([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);
            """) + """
            sealed class Other
            {
                void Use([RequiresMm] Mm mm, C c, PteTable table) => c.Free(mm, table);
            }
            """);

    [Fact]
    public Task NullInAConstructor_AddsParameterAndPassesItAtTheCreation() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            sealed class Holder
            {
                public Holder(PteTable table) => PageTableFree({|#0:null|}, table);
            }

            void Retract([RequiresMm] Mm mm, PteTable table) => _ = new Holder(table);
            """),
        [Pgt003(0, 0)],
        Snippet.InClass("""
            sealed class Holder
            {
                public Holder([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);
            }

            void Retract([RequiresMm] Mm mm, PteTable table) => _ = new Holder(mm, table);
            """));

    [Fact]
    public Task NullInABaseConstructor_ThreadsThroughTheDerivedInitializer() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            class Holder
            {
                public Holder(PteTable table) => PageTableFree({|#0:null|}, table);
            }

            sealed class Derived : Holder
            {
                public Derived(PteTable table) : base(table)
                {
                }
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                Derived made = new Derived(table);
            }
            """),
        [Pgt003(0, 0)],
        Snippet.InClass("""
            class Holder
            {
                public Holder([RequiresMm] Mm mm, PteTable table) => PageTableFree(mm, table);
            }

            sealed class Derived : Holder
            {
                public Derived([RequiresMm] Mm mm, PteTable table) : base(mm, table)
                {
                }
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                Derived made = new Derived(mm, table);
            }
            """));

    // ---- no fix ----

    [Fact]
    public Task MmInRcuCallback_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            [NoMm]
            static void {|#1:PteFreeNow|}(RcuHead head)
            {
                var page = Page.FromRcuHead(head);
                PageTableFree({|#0:page.PtMm|}, page.Table);
            }
            """),
        Pgt003(0, 1));

    [Fact]
    public Task ConstructorWithAnOverload_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            sealed class Holder
            {
                public Holder(PteTable table) => PageTableFree({|#0:null|}, table);

                public Holder() : this(new PteTable())
                {
                }
            }

            void Retract([RequiresMm] Mm mm, PteTable table) => _ = new Holder(table);
            """),
        Pgt003(0, 0));

    // Roslyn reports a target-typed creation as an implicit reference: the fix declines rather than miss it.
    [Fact]
    public Task ConstructorCalledByATargetTypedCreation_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            sealed class Holder
            {
                public Holder(PteTable table) => PageTableFree({|#0:null|}, table);
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                Holder made = new(table);
            }
            """),
        Pgt003(0, 0));

    [Fact]
    public Task ConstructorCalledFromAFieldInitializer_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            sealed class Holder
            {
                public Holder(PteTable table) => PageTableFree({|#0:null|}, table);
            }

            private readonly Holder _holder = new Holder(new PteTable());
            """),
        Pgt003(0, 0));

    [Fact]
    public Task MethodUsedAsAMethodGroup_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Free(PteTable table) => PageTableFree({|#0:null|}, table);

            Action<PteTable> Freer() => Free;
            """),
        Pgt003(0, 0));

    [Fact]
    public Task MethodCalledFromALambda_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Free(PteTable table) => PageTableFree({|#0:null|}, table);

            void Later([RequiresMm] Mm mm, PteTable table) => RunLater(() => Free(table));
            """),
        Pgt003(0, 0));

    [Fact]
    public Task MethodCalledFromAnotherFile_OffersNoFix() => Verify.VerifyNoFixAsync(
        [
            Snippet.InClass("""
                internal void Free(PteTable table) => PageTableFree({|#0:null|}, table);
                """),
            Snippet.Usings + """
                sealed class Other
                {
                    void Use([RequiresMm] Mm mm, C c, PteTable table) => c.Free(table);
                }
                """,
        ],
        Pgt003(0, 0));

    [Fact]
    public Task InterfaceImplementation_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.Usings + """
        interface ITableFreer
        {
            void Free(PteTable table);
        }

        sealed class Freer : ITableFreer
        {
            public void Free(PteTable table) => PageTableFree({|#0:null|}, table);
        }
        """,
        Pgt003(0, 0));

    [Fact]
    public Task MmTypeLessVisibleThanTheMethod_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.Usings + """
        internal sealed class GuestMm
        {
        }

        public sealed class Guest
        {
            public void Free(PteTable table) => Release({|#0:null|}, table);

            static void Release([RequiresMm] GuestMm mm, PteTable table) { }
        }
        """,
        Pgt003(0, 0));

    [Fact]
    public Task BadMmInsideALambda_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Later(Page page) => RunLater(() => SpinLock({|#0:page.PtMm|}));
            """),
        Pgt003(0, 0));
}
