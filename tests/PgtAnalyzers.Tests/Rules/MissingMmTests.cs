using System.Threading.Tasks;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Rules;

public sealed class MissingMmTests
{
    private static Task Verify(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAsync<MissingMmAnalyzer>(Snippet.InClass(members), expected);

    // ---- reports ----

    [Fact]
    public Task NullMm_Reports() => Verify("""
        void F(PteTable table) => PageTableFree({|#0:null|}, table);
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments("null", "PageTableFree", "it is null"));

    [Fact]
    public Task DefaultMm_Reports() => Verify("""
        void F(PteTable table) => PageTableFree({|PGT003:default|}, table);
        """);

    [Fact]
    public Task UnannotatedMmParameter_Reports() => Verify("""
        void F(Mm mm, PteTable table)
        {
            PageTableFree({|#0:mm|}, table);
        }
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "mm", "PageTableFree", "it comes from parameter 'mm' on line 9, which is not marked [RequiresMm]"));

    [Fact]
    public Task MmFromMemberThatIsNoSource_Reports() => Verify("""
        void F(Page page)
        {
            var mm = page.PtMm;
            SpinLock({|#0:mm|});
        }
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "mm", "SpinLock", "it comes from 'page.PtMm' on line 11, which is neither a [RequiresMm] parameter nor an [MmSource]"));

    [Fact]
    public Task NullOnOneBranch_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, bool detached)
        {
            var target = detached ? null : mm;
            SpinLock({|#0:target|});
        }
        """, Diagnostic(Descriptors.MissingMmOnSomePaths, 0).WithArguments("target", "SpinLock", "it is null"));

    [Fact]
    public Task AnyMmInNoMmMethod_Reports() => Verify("""
        [NoMm]
        static void TlbRemoveTable(TaskStruct task, PteTable table)
        {
            PageTableFree({|#0:task.Mm|}, table);
        }
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "task.Mm", "PageTableFree", "'TlbRemoveTable' is marked [NoMm] on line 10: there is no mm there"));

    [Fact]
    public Task LambdaPassedToNoMmParameter_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            CallRcu(page.RcuHead, head => PageTableFree({|#0:mm|}, page.Table));
        }
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "mm", "PageTableFree", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 11: there is no mm there"));

    [Fact]
    public Task LocalFunctionPassedToNoMmParameter_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            CallRcu(page.RcuHead, Callback);

            void Callback(RcuHead head) => SpinLock({|PGT003:mm|});
        }
        """);

    [Fact]
    public Task LambdaInsideNoMmMethod_Reports() => Verify("""
        [NoMm]
        static void Softirq(TaskStruct task)
        {
            RunLater(() => SpinLock({|PGT003:task.Mm|}));
        }
        """);

    [Fact]
    public Task MmClearedInLoop_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, int n)
        {
            Mm? current = mm;
            for (var i = 0; i < n; i++)
            {
                SpinLock({|PGT103:current|});
                current = null;
            }
        }
        """);

    [Fact]
    public Task MmAssignedInTryUsedInFinally_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            Mm? locked = null;
            try
            {
                locked = mm;
                SpinLock(locked);
            }
            finally
            {
                SpinUnlock({|PGT103:locked|});
            }
        }
        """);

    [Fact]
    public Task SwitchExpressionWithNullArm_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, int kind)
        {
            var target = kind switch { 0 => mm, _ => null };
            SpinLock({|PGT103:target|});
        }
        """);

    [Fact]
    public Task PatternMatchedUnannotatedObject_Reports() => Verify("""
        void F(object owner)
        {
            if (owner is Mm matched)
            {
                SpinLock({|PGT003:matched|});
            }
        }
        """);

    [Fact]
    public Task MmFromUnannotatedMethodInAsync_Reports() => Verify("""
        static Mm LookupMm(int pid) => new Mm();

        async Task F(int pid)
        {
            var mm = LookupMm(pid);
            await Task.Yield();
            SpinLock({|PGT003:mm|});
        }
        """);

    [Fact]
    public Task GenericRequiresMmParameter_Reports() => Verify("""
        static void WithMm<TMm>([RequiresMm] TMm mm) where TMm : class { }

        void F() => WithMm<Mm>({|PGT003:null|});
        """);

    [Fact]
    public Task ConstructorInOtherPartOfPartialClass_Reports() => VerifyAsync<MissingMmAnalyzer>(
        Snippet.InClass("""
        Walker F(Mm mm) => new Walker({|#0:mm|});
        """) + """
        partial class C
        {
            internal sealed class Walker
            {
                public Walker([RequiresMm] Mm mm) { }
            }
        }
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "mm", "Walker", "it comes from parameter 'mm' on line 9, which is not marked [RequiresMm]"));

    [Fact]
    public Task LambdaPassedToParameterOfNoMmDelegateType_Reports() => VerifyAsync<MissingMmAnalyzer>(
        Snippet.InClass("""
        void F([RequiresMm] Mm mm) => RaiseSoftirq(() => SpinLock({|PGT003:mm|}));

        static void RaiseSoftirq(SoftirqAction action) { }
        """) + """
        [NoMm]
        delegate void SoftirqAction();
        """);

    [Fact]
    public Task UnmarkedMethodPassedAsMethodGroupToNoMm_Reports() => Verify("""
        static void PteFreeHalf(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PageTableFree({|#0:page.PtMm|}, page.Table);
        }

        void F(Page page) => CallRcu(page.RcuHead, PteFreeHalf);
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "page.PtMm", "PageTableFree", "'PteFreeHalf' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 15: there is no mm there"));

    [Fact]
    public Task UnmarkedMethodPassedInAnExplicitDelegateCreationToNoMm_Reports() => Verify("""
        static void PteFreeHalf(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PageTableFree({|#0:page.PtMm|}, page.Table);
        }

        void F(Page page) => CallRcu(page.RcuHead, new RcuCallback(PteFreeHalf));
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "page.PtMm", "PageTableFree", "'PteFreeHalf' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 15: there is no mm there"));

    [Fact]
    public Task UnmarkedGenericMethodPassedAsMethodGroupToNoMm_Reports() => Verify("""
        static void PteFreeHalf<T>(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PageTableFree({|#0:page.PtMm|}, page.Table);
        }

        void F(Page page) => CallRcu(page.RcuHead, PteFreeHalf<int>);
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "page.PtMm", "PageTableFree", "'PteFreeHalf' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 15: there is no mm there"));

    [Fact]
    public Task UnmarkedGenericMethodPassedInADelegateCreationToNoMm_Reports() => Verify("""
        readonly TaskStruct _task = new TaskStruct();

        void Release<T>(RcuHead head) => SpinLock({|#0:_task.Mm|});

        [NoMm] static void Free(RcuHead head) { }

        void F(Page page, bool fast) => CallRcu(page.RcuHead, fast ? new RcuCallback(Release<long>) : Free);
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "_task.Mm", "SpinLock", "'Release' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 15: there is no mm there"));

    [Fact]
    public Task GenericMethodGroupPassedToOrdinaryDelegateParameter_IsSilent() => Verify("""
        readonly TaskStruct _task = new TaskStruct();

        void Work<T>(RcuHead head) => SpinLock(_task.Mm);

        static void Run(RcuCallback work) { }

        void F() => Run(Work<int>);
        """);

    [Fact]
    public Task UnmarkedMethodPassedInATargetTypedDelegateCreationToNoMm_Reports() => Verify("""
        [MmSource] static readonly Mm InitMm = new Mm();

        static void PteFreeHalf(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PageTableFree({|PGT003:InitMm|}, page.Table);
        }

        void F(Page page) => CallRcu(page.RcuHead, new(PteFreeHalf));
        """);

    [Fact]
    public Task UnmarkedMethodPassedThroughACastToNoMm_Reports() => Verify("""
        [MmSource] static readonly Mm InitMm = new Mm();

        static void PteFreeHalf(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PageTableFree({|PGT003:InitMm|}, page.Table);
        }

        void F(Page page) => CallRcu(page.RcuHead, (RcuCallback)PteFreeHalf);
        """);

    [Fact]
    public Task LambdaChosenByAConditionalPassedToNoMm_Reports() => Verify("""
        static void MaybeCallRcu(RcuHead head, [NoMm] RcuCallback? fn) { }

        void F(Page page, bool cb, TaskStruct task) =>
            MaybeCallRcu(page.RcuHead, cb ? h => SpinLock({|#0:task.Mm|}) : null);
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "task.Mm", "SpinLock", "the code is passed to [NoMm] parameter 'fn' of 'MaybeCallRcu' on line 12: there is no mm there"));

    [Fact]
    public Task LambdasOnBothBranchesOfAConditionalPassedToNoMm_ReportEach() => Verify("""
        void F(Page page, bool fast, TaskStruct task) =>
            CallRcu(page.RcuHead, fast ? h => SpinLock({|#0:task.Mm|}) : h => SpinUnlock({|#1:task.Mm|}));
        """,
        Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "task.Mm", "SpinLock", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"),
        Diagnostic(Descriptors.MissingMm, 1).WithArguments(
            "task.Mm", "SpinUnlock", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"));

    [Fact]
    public Task MethodGroupsChosenByAConditionalPassedToNoMm_ReportEach() => Verify("""
        void F(Page page, bool fast) => CallRcu(page.RcuHead, fast ? FreeA : FreeB);

        static void FreeA(RcuHead head) => SpinLock({|#0:new Vma().Mm|});

        static void FreeB(RcuHead head) => SpinUnlock({|#1:new TaskStruct().Mm|});
        """,
        Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "new Vma().Mm", "SpinLock", "'FreeA' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 9: there is no mm there"),
        Diagnostic(Descriptors.MissingMm, 1).WithArguments(
            "new TaskStruct().Mm", "SpinUnlock", "'FreeB' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 9: there is no mm there"));

    [Fact]
    public Task MethodGroupOnTheRightOfACoalescePassedToNoMm_Reports() => Verify("""
        void F(Page page, RcuCallback? custom) => CallRcu(page.RcuHead, custom ?? Default);

        static void Default(RcuHead head) => SpinLock({|#0:new TaskStruct().Mm|});
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "new TaskStruct().Mm", "SpinLock", "'Default' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 9: there is no mm there"));

    [Fact]
    public Task LambdaOnTheRightOfACoalescePassedToNoMm_Reports() => Verify("""
        void F(Page page, RcuCallback? custom, TaskStruct task) =>
            CallRcu(page.RcuHead, custom ?? (h => SpinLock({|#0:task.Mm|})));
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "task.Mm", "SpinLock", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"));

    [Fact]
    public Task LambdaChosenByASwitchExpressionPassedToNoMm_Reports() => Verify("""
        void F(Page page, int kind, TaskStruct task) =>
            CallRcu(page.RcuHead, kind switch { 0 => h => SpinLock({|#0:task.Mm|}), _ => h => { } });
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "task.Mm", "SpinLock", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"));

    [Fact]
    public Task MethodGroupChosenByASwitchExpressionPassedToNoMm_Reports() => Verify("""
        void F(Page page, int kind) => CallRcu(page.RcuHead, kind switch { 0 => FreeA, 1 => FreeB, _ => null! });

        static void FreeA(RcuHead head) { }

        static void FreeB(RcuHead head) => SpinLock({|#0:new Vma().Mm|});
        """, Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "new Vma().Mm", "SpinLock", "'FreeB' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 9: there is no mm there"));

    [Fact]
    public Task NestedChoicesPassedToNoMm_ReportEveryChosenCallback() => Verify("""
        void F(Page page, bool a, int kind, RcuCallback? custom, TaskStruct task) =>
            CallRcu(page.RcuHead, a
                ? (kind switch { 0 => (RcuCallback)FreeA, _ => custom ?? (h => SpinLock({|#0:task.Mm|})) })
                : (RcuCallback)(h => SpinUnlock({|#1:task.Mm|})));

        static void FreeA(RcuHead head) => SpinLock({|#2:new Vma().Mm|});
        """,
        Diagnostic(Descriptors.MissingMm, 0).WithArguments(
            "task.Mm", "SpinLock", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"),
        Diagnostic(Descriptors.MissingMm, 1).WithArguments(
            "task.Mm", "SpinUnlock", "the code is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"),
        Diagnostic(Descriptors.MissingMm, 2).WithArguments(
            "new Vma().Mm", "SpinLock", "'FreeA' is passed to [NoMm] parameter 'fn' of 'CallRcu' on line 10: there is no mm there"));

    [Fact]
    public Task LocalFunctionChosenByAConditionalPassedToNoMm_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Page page, bool fast)
        {
            CallRcu(page.RcuHead, fast ? Callback : h => { });

            void Callback(RcuHead head) => SpinLock({|PGT003:mm|});
        }
        """);

    // ---- silent ----

    [Fact]
    public Task ChosenLambdasWithoutMmPassedToNoMm_AreSilent() => Verify("""
        static void MaybeCallRcu(RcuHead head, [NoMm] RcuCallback? fn) { }

        void F(Page page, bool cb, int kind, RcuCallback? custom) =>
            MaybeCallRcu(page.RcuHead, cb
                ? h => Page.FromRcuHead(h)
                : kind switch { 0 => h => { }, _ => custom ?? (h => { }) });
        """);

    [Fact]
    public Task ChosenMethodGroupsWithoutMmPassedToNoMm_AreSilent() => Verify("""
        void F(Page page, bool fast, int kind, RcuCallback? custom)
        {
            CallRcu(page.RcuHead, fast ? FreeA : FreeB);
            CallRcu(page.RcuHead, custom ?? FreeA);
            CallRcu(page.RcuHead, kind switch { 0 => FreeA, _ => FreeB });
        }

        static void FreeA(RcuHead head) { }

        static void FreeB(RcuHead head) => Page.FromRcuHead(head);
        """);

    [Fact]
    public Task ChosenLambdasPassedToOrdinaryParameter_AreSilent() => Verify("""
        static void CallLater(RcuHead head, RcuCallback? fn) { }

        void F(Page page, bool cb, int kind, RcuCallback? custom, TaskStruct task)
        {
            CallLater(page.RcuHead, cb ? h => SpinLock(task.Mm) : null);
            CallLater(page.RcuHead, custom ?? (h => SpinLock(task.Mm)));
            CallLater(page.RcuHead, kind switch { 0 => h => SpinLock(task.Mm), _ => h => { } });
        }
        """);

    [Fact]
    public Task ChosenMethodGroupsPassedToOrdinaryParameter_AreSilent() => Verify("""
        static void CallLater(RcuHead head, RcuCallback? fn) { }

        void F(Page page, bool fast, int kind, RcuCallback? custom)
        {
            CallLater(page.RcuHead, fast ? FreeA : FreeB);
            CallLater(page.RcuHead, custom ?? FreeA);
            CallLater(page.RcuHead, kind switch { 0 => FreeA, _ => FreeB });
        }

        static void FreeA(RcuHead head) => SpinLock(new Vma().Mm);

        static void FreeB(RcuHead head) => SpinLock(new TaskStruct().Mm);
        """);

    [Fact]
    public Task CodeInTheConditionOfAChoicePassedToNoMm_IsSilent() => Verify("""
        static bool Probe(RcuCallback fn) => true;

        static int Kind(RcuCallback fn) => 0;

        void F(Page page, TaskStruct task)
        {
            CallRcu(page.RcuHead, Probe(h => SpinLock(task.Mm)) ? h => { } : FreeA);
            CallRcu(page.RcuHead, Kind(Checked) switch { 0 => FreeA, _ => h => { } });
        }

        static void FreeA(RcuHead head) { }

        static void Checked(RcuHead head) => SpinLock(new Vma().Mm);
        """);

    [Fact]
    public Task ChosenCallbackStoredInAVariableFirst_IsNotFollowed() => Verify("""
        void F(Page page, bool fast, TaskStruct task)
        {
            RcuCallback fn = fast ? FreeA : h => SpinLock(task.Mm);
            CallRcu(page.RcuHead, fn);
        }

        static void FreeA(RcuHead head) => SpinLock(new Vma().Mm);
        """);

    [Fact]
    public Task ThisInsideTheMmType_IsSilent() => VerifyAsync<MissingMmAnalyzer>(Snippet.Usings + """
        sealed class OwnMm
        {
            static void Lock([RequiresMm] OwnMm mm) { }

            public void LockSelf() => Lock(this);
        }
        """);

    [Fact]
    public Task OwnRequiresMmParameter_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var same = mm;
            PageTableFree(same, table);
        }
        """);

    [Fact]
    public Task MmSourceProperties_AreSilent() => Verify("""
        void F(TaskStruct task, Vma vma, PteTable table)
        {
            SpinLock(task.Mm);
            PageTableFree(vma.Mm, table);
        }
        """);

    [Fact]
    public Task MmSourceMethod_IsSilent() => Verify("""
        static TaskStruct Current = new TaskStruct();

        [MmSource]
        static Mm CurrentMm() => Current.Mm;

        void F() => SpinLock(CurrentMm());
        """);

    [Fact]
    public Task SourcesOnEveryBranch_AreSilent() => Verify("""
        void F([RequiresMm] Mm mm, TaskStruct task, bool own)
        {
            var target = own ? mm : task.Mm;
            SpinLock(target);
        }
        """);

    [Fact]
    public Task LambdaNotPassedToNoMm_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            RunLater(() => SpinLock(mm));
        }
        """);

    [Fact]
    public Task LocalFunctionWithOwnRequiresMm_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            Lock(mm);

            static void Lock([RequiresMm] Mm target) => SpinLock(target);
        }
        """);

    [Fact]
    public Task NoMmCallbackWithoutMm_IsSilent() => Verify("""
        [NoMm]
        static void PteFreeNow(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            PagetableFree(page);
        }

        void F(Page page) => CallRcu(page.RcuHead, PteFreeNow);
        """);

    [Fact]
    public Task SourceReloadedEachIteration_IsSilent() => Verify("""
        void F(TaskStruct[] tasks)
        {
            foreach (var task in tasks)
            {
                var mm = task.Mm;
                SpinLock(mm);
                SpinUnlock(mm);
            }
        }
        """);

    [Fact]
    public Task LockInTryUnlockInFinally_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            SpinLock(mm);
            try
            {
                mm.HasPgste = false;
            }
            finally
            {
                SpinUnlock(mm);
            }
        }
        """);

    [Fact]
    public Task PropertyPatternOnSource_IsSilent() => Verify("""
        void F(object owner)
        {
            if (owner is TaskStruct { Mm: var mm })
            {
                SpinLock(mm);
            }
        }
        """);

    [Fact]
    public Task AsyncWithOwnParameter_IsSilent() => Verify("""
        async Task F([RequiresMm] Mm mm)
        {
            await Task.Yield();
            SpinLock(mm);
        }
        """);

    [Fact]
    public Task SwitchExpressionOverSources_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Vma vma, int kind)
        {
            var target = kind switch { 0 => mm, _ => vma.Mm };
            SpinLock(target);
        }
        """);

    [Fact]
    public Task MethodGroupInADelegateCreationPassedToOrdinaryParameter_IsSilent() => Verify("""
        static void Work([RequiresMm] Mm mm) => SpinLock(mm);

        static void Run(Action<Mm> work) { }

        void F() => Run(new Action<Mm>(Work));
        """);

    [Fact]
    public Task MethodGroupAsTheArgumentOfAnOrdinaryConstructor_IsSilent() => Verify("""
        [MmSource] static readonly Mm InitMm = new Mm();

        static void PteFreeHalf(RcuHead head) => PageTableFree(InitMm, Page.FromRcuHead(head).Table);

        sealed class Holder
        {
            public Holder(RcuCallback callback) { }
        }

        void F(Page page) => CallRcu(page.RcuHead, PteFreeNow(new Holder(PteFreeHalf)));

        static RcuCallback PteFreeNow(Holder holder) => head => { };
        """);

    [Fact]
    public Task MethodGroupPassedToOrdinaryDelegateParameter_IsSilent() => Verify("""
        static void Work([RequiresMm] Mm mm) => SpinLock(mm);

        static void Run(Action<Mm> work) { }

        void F() => Run(Work);
        """);

    [Fact]
    public Task PatternDeclaringANonNullVariable_IsSilent() => Verify("""
        void F(Vma? vma, TaskStruct? task)
        {
            if (vma?.Mm is { } mm)
            {
                SpinLock(mm);
            }

            if (task?.Mm is Mm other)
            {
                SpinLock(other);
            }

            if (vma?.Mm is not { } missing)
            {
                return;
            }

            SpinLock(missing);
        }
        """);

    [Fact]
    public Task ConditionalAccessOnAReceiverTestedNotNull_IsSilent() => Verify("""
        void F(TaskStruct? task, Vma? vma)
        {
            if (task != null)
            {
                SpinLock(task?.Mm!);
            }

            if (vma is null)
            {
                return;
            }

            var mm = vma?.Mm;
            SpinLock(mm!);
        }
        """);

    [Fact]
    public Task ConditionalAccessOnAnObjectMadeHere_IsSilent() => Verify("""
        void F()
        {
            var vma = new Vma();
            SpinLock(vma?.Mm!);
        }
        """);

    [Fact]
    public Task ConditionalAccessOnAReceiverTestedNotNullOnBothBranches_IsSilent() => Verify("""
        void F(TaskStruct? task, bool fast)
        {
            if (task is null)
            {
                return;
            }

            if (fast)
            {
                SpinLock(task?.Mm!);
            }
            else
            {
                SpinUnlock(task?.Mm!);
            }

            SpinLock(task?.Mm!);
        }
        """);

    [Fact]
    public Task ConditionalAccessAfterTheNotNullBranchEnded_ReportsOnSomePaths() => Verify("""
        void F(TaskStruct? task)
        {
            if (task != null)
            {
                SpinLock(task.Mm);
            }

            SpinUnlock({|PGT103:task?.Mm|}!);
        }
        """);

    [Fact]
    public Task ConditionalAccessAfterTheTestedVariableWasReassigned_ReportsOnSomePaths() => Verify("""
        static TaskStruct? Find() => null;

        void F(TaskStruct? task)
        {
            if (task != null)
            {
                task = Find();
                SpinLock({|PGT103:task?.Mm|}!);
            }
        }
        """);

    [Fact]
    public Task ConditionalAccessOnANullableParameter_ReportsOnSomePaths() => Verify("""
        void F(Vma? vma)
        {
            SpinLock({|PGT103:vma?.Mm|}!);
        }
        """);

    [Fact]
    public Task VarPatternKeepsTheNull_ReportsOnSomePaths() => Verify("""
        void F(Vma? vma)
        {
            if (vma?.Mm is var mm)
            {
                SpinLock({|PGT103:mm|});
            }
        }
        """);

    [Fact]
    public Task CodeWithoutAnyAttributes_IsSilent() => VerifyAsync<MissingMmAnalyzer>("""
        class Mm { }

        static class Plain
        {
            static void Lock(Mm mm) { }

            static void F() => Lock(null!);
        }
        """);
}
