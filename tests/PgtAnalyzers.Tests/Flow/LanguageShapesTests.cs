using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// C# shapes a user's code takes that the rules must see through, all rules run: overlay members of generic
/// and derived types, loops whose condition is a constant, an overlay member held in a local, a ref local or
/// chosen by <c>?:</c>, constructor and partial-method bodies as summaries, iterators (whose bodies do not run
/// at the call), static abstract interface members, and an overlay group named by the empty string.
/// </summary>
public sealed class LanguageShapesTests
{
    private const string Types = """

        sealed class GPage<T>
        {
            [Overlay("lru")] public ListHead Lru = new ListHead();
            [Overlay("lru")] public RcuHead RcuHead = new RcuHead();
        }

        class BasePage
        {
            [Overlay("lru")] public ListHead Lru = new ListHead();
            [Overlay("lru")] public RcuHead RcuHead = new RcuHead();
        }

        sealed class SubPage : BasePage { }

        static class Free
        {
            [NoMm] public static void Nop(RcuHead head) { }
        }
        """;

    private static Task Verify(string code) => VerifyAllAsync(Snippet.Usings + code + Types);

    private static Task VerifyAll(string members) => VerifyAllAsync(Snippet.InClass(members));

    // ---- generic types ----

    [Fact]
    public Task GenericPage_ClaimWhileListed_Reports() => Verify("""
        class C
        {
            void F(GPage<int> page, ListHead head)
            {
                ListAdd(page.Lru, head);
                CallRcu({|PGT002:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task GenericPage_UnlistedByGenericHelper_Silent() => Verify("""
        static class GLists
        {
            public static void Unlink<T>(GPage<T> page) => ListDelInit(page.Lru);
        }

        class C
        {
            void F(GPage<int> page, ListHead head)
            {
                ListAdd(page.Lru, head);
                GLists.Unlink(page);
                CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task GenericPage_ListedInOneMethodClaimedInAnother_Reports() => Verify("""
        class Tables
        {
            void Alloc(GPage<int> page, ListHead head) => ListAdd(page.Lru, head);
            void Release(GPage<int> page) => ListDelInit(page.Lru);
            void Defer(GPage<int> page) => CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
        }
        """);

    [Fact]
    public Task GenericPage_ClaimedAfterRelease_Silent() => Verify("""
        class Tables
        {
            void Alloc(GPage<int> page, ListHead head) => ListAdd(page.Lru, head);
            void Defer(GPage<int> page)
            {
                ListDelInit(page.Lru);
                CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    // ---- derived receivers ----

    [Fact]
    public Task DerivedReceiver_ListedThroughBaseType_Reports() => Verify("""
        class Tables
        {
            void Alloc(BasePage page, ListHead head) => ListAdd(page.Lru, head);
            void Release(BasePage page) => ListDelInit(page.Lru);
            void Defer(SubPage page) => CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
        }
        """);

    [Fact]
    public Task DerivedReceiver_WithinOneMethod_Reports() => Verify("""
        class C
        {
            void F(SubPage page, ListHead head)
            {
                ListAdd(page.Lru, head);
                CallRcu({|PGT002:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task DerivedReceiver_UnrelatedHierarchyLeavesNothingLive_Silent() => Verify("""
        class OtherPage
        {
            [Overlay("lru")] public ListHead Lru = new ListHead();
            [Overlay("lru")] public RcuHead RcuHead = new RcuHead();
        }

        class Tables
        {
            void Alloc(OtherPage page, ListHead head) => ListAdd(page.Lru, head);
            void Release(OtherPage page) => ListDelInit(page.Lru);
            void Defer(SubPage page) => CallRcu(page.RcuHead, Free.Nop);
        }
        """);

    // ---- loops with a constant condition ----

    [Fact]
    public Task DoWhileFalse_RunsOnce_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table) { do { PteFreeDefer(mm, table); } while (false); }
            void G(Page page) { do { CallRcu(page.RcuHead, Free.Nop); } while (false); }
        }
        """);

    [Fact]
    public Task DoWhileFalse_WriteAfterTheBlock_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                do { PteFreeDefer(mm, table); } while (false);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task WhileTrue_LeftOnlyByBreak_WriteAfterIsOnAllPaths() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool early)
            {
                while (true)
                {
                    if (early) { PteFreeDefer(mm, table); break; }
                    PteFreeDefer(mm, table);
                    break;
                }

                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task WhileTrue_FreedOnlyOnTheWayOut_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, Func<bool> done)
            {
                while (true)
                {
                    table[0] = PteNone;
                    if (done()) { PteFreeDefer(mm, table); return; }
                }
            }
        }
        """);

    // ---- branches on the same bool that cannot change (correlated branches) ----

    [Fact]
    public Task DeferUnderAParameter_WriteUnderItsNegation_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now) PteFreeDefer(mm, table);
                if (!now) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferUnderALocal_WriteInTheElseOfALaterTest_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int users)
            {
                var last = users == 0;
                if (last)
                {
                    PteFreeDefer(mm, table);
                }

                users++;
                if (last)
                {
                    return;
                }
                else
                {
                    table[1] = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task DeferTwiceUnderOppositeValues_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now, bool log)
            {
                if (now)
                {
                    if (log) table[0] = PteNone;
                    PteFreeDefer(mm, table);
                }

                if (!now)
                {
                    PteFreeDefer(mm, table);
                }
            }
        }
        """);

    [Fact]
    public Task DeferUnderAParameter_WriteUnderItsNegationInALoop_OnlyTheRepeatedDeferralReports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now, int n)
            {
                for (var i = 0; i < n; i++)
                {
                    if (now) PteFreeDefer(mm, {|PGT104:table|});
                    if (!now) table[i] = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task TheTestedParameterIsAssignedInBetween_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now) PteFreeDefer(mm, table);
                now = false;
                if (!now) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task TheTestedLocalIsDeclaredInTheLoop_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int[] users)
            {
                foreach (var count in users)
                {
                    var last = count == 0;
                    if (last) PteFreeDefer(mm, {|PGT104:table|});
                    if (!last) {|PGT101:table[0]|} = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task DeferAndWriteUnderTheSameValue_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now) PteFreeDefer(mm, table);
                if (now) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferUnderOneParameter_WriteUnderAnother_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now, bool log)
            {
                if (now) PteFreeDefer(mm, table);
                if (!log) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferUnderAParameter_ThenAnUnguardedWrite_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now) PteFreeDefer(mm, table);
                {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferOnBothValues_ThenWrite_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now) PteFreeDefer(mm, table); else PteFreeDefer(mm, table);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task TheTestedParameterIsAssignedInALambda_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                System.Action flip = () => now = !now;
                if (now) PteFreeDefer(mm, table);
                flip();
                if (!now) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ListUnderAParameter_QueueTheRcuHeadUnderItsNegation_Silent() => Verify("""
        class C
        {
            void F(Page page, ListHead head, bool keep)
            {
                if (keep) ListAdd(page.Lru, head);
                if (!keep) CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task ListUnderAParameter_QueueTheRcuHeadUnderTheSameValue_Reports() => Verify("""
        class C
        {
            void F(Page page, ListHead head, bool keep)
            {
                if (keep) ListAdd(page.Lru, head);
                if (keep) CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task ListUnderAnAssignedParameter_QueueTheRcuHeadUnderItsNegation_Reports() => Verify("""
        class C
        {
            void F(Page page, ListHead head, bool keep)
            {
                if (keep) ListAdd(page.Lru, head);
                keep = false;
                if (!keep) CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task ListUnderALocal_QueueTheRcuHeadInTheElse_Silent() => Verify("""
        class C
        {
            void F(Page page, ListHead head, int users)
            {
                var shared = users > 1;
                if (shared)
                {
                    ListAdd(page.Lru, head);
                }

                page.RefCount = users;
                if (shared)
                {
                    return;
                }
                else
                {
                    CallRcu(page.RcuHead, Free.Nop);
                }
            }
        }
        """);

    [Fact]
    public Task ListUnderAParameter_QueueTheRcuHeadUnguarded_Reports() => Verify("""
        class C
        {
            void F(Page page, ListHead head, bool keep)
            {
                if (keep) ListAdd(page.Lru, head);
                CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task AFlagSetBesideTheDeferral_WriteWhereItIsUnset_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var done = false;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    done = true;
                }

                if (!done)
                {
                    table[0] = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task AFlagSetBesideTheDeferral_WriteWhereItIsSet_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var done = false;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    done = true;
                }

                if (done)
                {
                    {|PGT101:table[0]|} = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task AFlagClearedAfterTheDeferral_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var done = false;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    done = true;
                }

                done = false;
                if (!done)
                {
                    {|PGT101:table[0]|} = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task AFlagPassedByRef_Reports() => Verify("""
        class C
        {
            static void Reset(ref bool flag) => flag = false;

            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var done = false;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    done = true;
                }

                Reset(ref done);
                if (!done)
                {
                    {|PGT101:table[0]|} = PteNone;
                }
            }
        }
        """);

    [Fact]
    public Task AFirstIterationFlag_DeferThenWriteOnALaterIteration_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int n)
            {
                for (bool first = true; n > 0; first = false, n--)
                {
                    if (first)
                    {
                        PteFreeDefer(mm, table);
                    }
                    else
                    {
                        {|PGT101:table[0]|} = PteNone;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task ReleasedUnderAValue_QueueTheRcuHeadUnderTheSameValue_Silent() => Verify("""
        class C
        {
            void F(Page page, ListHead head, bool keep)
            {
                ListAdd(page.Lru, head);
                if (!keep) ListDel(page.Lru);
                if (!keep) CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task ReleasedUnderAValue_QueueTheRcuHeadUnderTheOther_Reports() => Verify("""
        class C
        {
            void F(Page page, ListHead head, bool keep)
            {
                ListAdd(page.Lru, head);
                if (!keep) ListDel(page.Lru);
                if (keep) CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task AFlagSetAndClearedInATry_WriteInTheCatchWhereItIsSet_Reports() => Verify("""
        class C
        {
            static void Flush() { }

            void F([RequiresMm] Mm mm, PteTable table)
            {
                var busy = false;
                PteFreeDefer(mm, table);
                try
                {
                    busy = true;
                    Flush();
                    busy = false;
                }
                catch (System.InvalidOperationException)
                {
                    if (busy)
                    {
                        {|PGT001:table[0]|} = PteNone;
                    }
                }
            }
        }
        """);

    // ---- branches on a condition tested again: an integer against a constant, a mask's bits, an int or enum flag ----

    [Fact]
    public Task DeferWhereMaskIsZero_WriteWhereItIsNot_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask == 0) PteFreeDefer(mm, table);
                if (mask != 0) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWhereMaskIsZero_ConstantOnTheLeft_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mask)
            {
                if (0 == mask) PteFreeDefer(mm, table);
                if (0 != mask) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWherePositive_WriteWhereNot_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int users)
            {
                if (users > 0) PteFreeDefer(mm, table);
                if (users <= 0) table[0] = PteNone;
                if (1 > users) table[1] = PteNone;
                if (users < -3) table[2] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferTwiceUnderOppositeMaskTests_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask == 0) PteFreeDefer(mm, table);
                if (mask != 0) PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task ListWhereABitIsSet_QueueTheRcuHeadWhereNone_Silent() => Verify("""
        class C
        {
            static uint Bits() => 3;

            void F(Page page, ListHead head)
            {
                var mask = Bits() >> 24;
                if ((mask & 0x03U) != 0) ListAdd(page.Lru, head);
                if ((mask & 0x03U) == 0) CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task AnIntFlagSetBesideTheDeferral_WriteWhereItHasAnotherValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var state = 0;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    state = 2;
                }

                if (state == 0) table[0] = PteNone;
                if (state < 2) table[1] = PteNone;
            }
        }
        """);

    [Fact]
    public Task AnEnumFlagSetBesideTheDeferral_WriteWhereItIsUnset_Silent() => Verify("""
        enum Outcome { Kept, Deferred }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var outcome = Outcome.Kept;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    outcome = Outcome.Deferred;
                }

                if (outcome != Outcome.Deferred) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task ABoolComparedWithAConstant_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                if (now == true) PteFreeDefer(mm, table);
                if (now != true) table[0] = PteNone;
                if (false == now) table[1] = PteNone;
            }
        }
        """);

    [Fact]
    public Task PatternsOnTheVariable_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, PteTable other, uint mask, bool now)
            {
                if (mask is 0) PteFreeDefer(mm, table);
                if (mask is not 0) table[0] = PteNone;
                if (mask is > 0) table[1] = PteNone;
                if (now is true) PteFreeDefer(mm, other);
                if (now is false) other[2] = PteNone;
            }
        }
        """);

    [Fact]
    public Task PatternsOnTheVariable_SameOutcome_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask is 0 or 4) PteFreeDefer(mm, table);
                if (mask is not 0) {|PGT101:table[0]|} = PteNone;
                if (mask is < 1) {|PGT101:table[1]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchCase_WriteUnderAnotherValueLater_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode)
            {
                switch (mode)
                {
                    case 0:
                        PteFreeDefer(mm, table);
                        break;
                    case 1:
                        table[1] = PteNone;
                        break;
                }

                if (mode != 0) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_WriteUnderAThirdValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                    default:
                        break;
                }

                if (state == 2) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_DeferredAgainUnderAThirdValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (state == 2) PteFree(mm, table);
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_ASecondSwitchWritesInAnotherCase_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 2:
                    case 3:
                        PteFreeDefer(mm, table);
                        break;
                }

                switch (state)
                {
                    case 0:
                        table[0] = PteNone;
                        break;
                }

                if (state is 1) table[1] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithThreeLabels_WriteUnderAnotherValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                    case 63:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (state == 5) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferUnderAnOrOfTwoEqualities_WriteUnderAThirdValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                if (state == 0 || state == 1) PteFreeDefer(mm, table);
                if (state == 2) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_WriteUnderOneOfThem_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (state == 1) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_WriteWhereTheVariableIsNotTheFirst_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (state != 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_DeferredAgainUnderTheOtherLabel_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (state is 0) PteFree(mm, {|PGT104:table|});
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchSectionWithTwoLabels_VariableReassignedBeforeTheWrite_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int state, int next)
            {
                switch (state)
                {
                    case 0:
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                }

                state = next;
                if (state == 2) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchCase_WriteUnderTheSameValueLater_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode)
            {
                switch (mode)
                {
                    case 0:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (mode == 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ASwitchWhoseWhenClauseAssignsTheVariable_IsNotCorrelated_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode)
            {
                switch (mode)
                {
                    case 1 when (mode = 0) != 0:
                        break;
                    case 0:
                        break;
                    default:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (mode == 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchCaseWithAWhenClause_WriteUnderAnotherValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode, bool now)
            {
                switch (mode)
                {
                    case 0 when now:
                        PteFreeDefer(mm, table);
                        break;
                    case 1:
                        break;
                }

                if (mode != 0) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchCaseWithAWhenClause_WriteUnderTheSameValue_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode, bool now)
            {
                switch (mode)
                {
                    case 0 when now:
                        PteFreeDefer(mm, table);
                        break;
                    case 1:
                        break;
                }

                if (mode == 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchCaseAfterAWhenClauseThatAssignsAnotherVariable_WriteUnderAnotherValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode, int seen)
            {
                switch (mode)
                {
                    case 1 when (seen = 2) > 1:
                        break;
                    case 0:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (mode == 1) table[0] = PteNone;
                if (mode == 0) {|PGT101:table[1]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ASwitchWhoseWhenClauseIncrementsTheVariable_IsNotCorrelated_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mode)
            {
                switch (mode)
                {
                    case 1 when mode++ > 5:
                        break;
                    case 1:
                        PteFreeDefer(mm, table);
                        break;
                }

                if (mode == 2) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchExpressionArmWithAWhenClause_WriteUnderAnotherValue_Silent() => Verify("""
        class C
        {
            static int Retire([RequiresMm] Mm mm, PteTable table) { PteFreeDefer(mm, table); return 0; }

            void F([RequiresMm] Mm mm, PteTable table, int mode, bool now)
            {
                var result = mode switch { 2 when now => Retire(mm, table), 3 when !now => 4, _ => 1 };
                if (mode < 2) table[0] = PteNone;
                if (mode == 2) {|PGT101:table[1]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferInASwitchExpressionArm_WriteUnderAnotherValue_Silent() => Verify("""
        class C
        {
            static int Retire([RequiresMm] Mm mm, PteTable table) { PteFreeDefer(mm, table); return 0; }

            void F([RequiresMm] Mm mm, PteTable table, int mode)
            {
                var result = mode switch { 2 => Retire(mm, table), _ => 1 };
                if (mode < 2) table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWhereMaskIsZero_WriteWhereItIsZero_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask == 0) PteFreeDefer(mm, table);
                if (mask == 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWhereMaskIsZero_ShiftedInBetween_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask == 0) PteFreeDefer(mm, table);
                mask >>= 24;
                if (mask != 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWhereCountIsZero_IncrementedInBetween_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int count)
            {
                if (count == 0) PteFreeDefer(mm, table);
                count++;
                if (count != 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWhereMaskIsZero_WriteWhereItIsNotOne_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask == 0) PteFreeDefer(mm, table);
                if (mask != 1) {|PGT101:table[0]|} = PteNone;
                if (mask <= 0) {|PGT101:table[1]|} = PteNone;
                if (mask < 5) {|PGT101:table[2]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWhereAtMostFive_WriteWhereMoreThanTwo_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int users)
            {
                if (users <= 5) PteFreeDefer(mm, table);
                if (users > 2) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ListWhereOneBitIsSet_QueueWhereAnotherIsClear_Reports() => Verify("""
        class C
        {
            void F(Page page, ListHead head, uint mask)
            {
                if ((mask & 1) != 0) ListAdd(page.Lru, head);
                if ((mask & 2) == 0) CallRcu({|PGT102:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task AFieldTestedTwice_Reports() => Verify("""
        class C
        {
            private uint _mask;

            void F([RequiresMm] Mm mm, PteTable table)
            {
                if (_mask == 0) PteFreeDefer(mm, table);
                if (_mask != 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task AMaskPassedByRefInBetween_Reports() => Verify("""
        class C
        {
            static void Update(ref uint value) => value = 0;

            void F([RequiresMm] Mm mm, PteTable table, uint mask)
            {
                if (mask == 0) PteFreeDefer(mm, table);
                Update(ref mask);
                if (mask != 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ANarrowingCastTested_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, int mask)
            {
                if ((byte)mask == 0) PteFreeDefer(mm, table);
                if (mask != 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task AnIntFlagSetBesideTheDeferral_WriteWhereItIsSet_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var state = 0;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    state = 2;
                }

                if (state > 1) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task AnIntFlagAssignedInALambda_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, bool now)
            {
                var state = 0;
                System.Action reset = () => state = 0;
                if (now)
                {
                    PteFreeDefer(mm, table);
                    state = 2;
                }

                reset();
                if (state == 0) {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ForeachOverNodes_DeferEachTable_Silent() => Verify("""
        sealed class Node { public PteTable Table = new PteTable(); }

        class C
        {
            void F([RequiresMm] Mm mm, System.Collections.Generic.List<Node> nodes)
            {
                foreach (var node in nodes)
                {
                    PteFreeDefer(mm, node.Table);
                }
            }
        }
        """);

    // ---- a value chosen under a condition, then the condition tested again ----

    [Fact]
    public Task VictimChosenByAConditional_TheOtherWrittenUnderTheSameCondition_Silent() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree)
        {
            var victim = upperFree ? upper : lower;
            PteFreeDefer(mm, victim);
            if (upperFree)
            {
                lower[0] = PteNone;
            }
            else
            {
                upper[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task VictimChosenByASwitchExpression_TheOtherWrittenInTheOtherCase_Silent() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, int half)
        {
            var victim = half switch { 0 => lower, _ => upper };
            PteFreeDefer(mm, victim);
            switch (half)
            {
                case 0:
                    upper[0] = PteNone;
                    break;
                default:
                    lower[0] = PteNone;
                    break;
            }
        }
        """);

    [Fact]
    public Task ConditionalArgumentDeferred_TheOtherWrittenUnderTheSameCondition_Silent() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree)
        {
            PteFreeDefer(mm, upperFree ? upper : lower);
            if (!upperFree)
            {
                upper[1] = PteNone;
            }
        }
        """);

    [Fact]
    public Task VictimCopiedToAnotherLocal_TheOtherWrittenUnderTheSameCondition_Silent() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree)
        {
            var chosen = upperFree ? upper : lower;
            var victim = chosen;
            PteFreeDefer(mm, victim);
            if (upperFree)
            {
                lower[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task VictimChosenByAConditional_TheVictimWrittenUnderTheSameCondition_Reports() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree)
        {
            var victim = upperFree ? upper : lower;
            PteFreeDefer(mm, victim);
            if (upperFree)
            {
                {|PGT101:upper[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task VictimChosenByAConditional_ConditionReassignedBeforeTheTest_Reports() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree)
        {
            var victim = upperFree ? upper : lower;
            PteFreeDefer(mm, victim);
            upperFree = !upperFree;
            if (upperFree)
            {
                {|PGT101:lower[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task VictimReassignedAfterTheChoice_TheOtherWrittenUnderTheSameCondition_Reports() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree, bool swap)
        {
            var victim = upperFree ? upper : lower;
            if (swap)
            {
                victim = lower;
            }

            PteFreeDefer(mm, victim);
            if (upperFree)
            {
                {|PGT101:lower[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task VictimChosenByAConditional_AnotherConditionTested_Reports() => VerifyAll("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree, bool other)
        {
            var victim = upperFree ? upper : lower;
            PteFreeDefer(mm, victim);
            if (other)
            {
                {|PGT101:lower[0]|} = PteNone;
            }

            if (upperFree)
            {
                lower[1] = PteNone;
            }
        }
        """);

    // ---- an overlay member held in a local, a ref local or chosen by ?: ----

    [Fact]
    public Task MemberHeldInLocal_ReleasedThroughIt_Silent() => Verify("""
        class C
        {
            void F(BasePage page, ListHead head)
            {
                ListAdd(page.Lru, head);
                var node = page.Lru;
                ListDelInit(node);
                CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task MemberHeldInRefLocal_ReleasedThroughIt_Silent() => Verify("""
        class C
        {
            void F(BasePage page, ListHead head)
            {
                ListAdd(page.Lru, head);
                ref ListHead node = ref page.Lru;
                ListDelInit(node);
                CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task MemberHeldInLocal_ClaimedThroughIt_Reports() => Verify("""
        class C
        {
            void F(BasePage page, ListHead head)
            {
                var node = page.Lru;
                ListAdd(node, head);
                CallRcu({|PGT002:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task MemberChosenByConditional_ReleasedOnBothArms_Silent() => Verify("""
        class C
        {
            void F(BasePage page, ListHead head, bool first)
            {
                ListAdd(page.Lru, head);
                ListDelInit(first ? page.Lru : page.Lru);
                CallRcu(page.RcuHead, Free.Nop);
            }
        }
        """);

    [Fact]
    public Task MemberOfEitherPage_ReleasedOnlyOne_Reports() => Verify("""
        class C
        {
            void F(BasePage page, ListHead head, ListHead other)
            {
                ListAdd(page.Lru, head);
                var node = other;
                ListDelInit(node);
                CallRcu({|PGT002:page.RcuHead|}, Free.Nop);
            }
        }
        """);

    // ---- constructors, partial methods, iterators ----

    [Fact]
    public Task ConstructorBody_DefersItsParameter_Reports() => Verify("""
        class Retirer
        {
            public Retirer([RequiresMm] Mm mm, PteTable table) { PteFreeDefer(mm, table); }
        }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                new Retirer(mm, table);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ConstructorBody_OnlyReadsItsParameter_Silent() => Verify("""
        class Reader
        {
            public ulong First;
            public Reader(PteTable table) { First = table[0]; }
        }

        class C
        {
            void F(PteTable table)
            {
                new Reader(table);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task PartialMethod_ImplementationIsTheSummary_Reports() => Verify("""
        partial class Parts
        {
            partial void Retire(Mm mm, PteTable table);
            partial void Retire([RequiresMm] Mm mm, PteTable table) { PteFreeDefer(mm, table); }

            void F([RequiresMm] Mm mm, PteTable table)
            {
                Retire(mm, table);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task Iterator_BodyDoesNotRunAtTheCall_Silent() => Verify("""
        class C
        {
            static System.Collections.Generic.IEnumerable<int> Lazily([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                yield return 1;
            }

            void F([RequiresMm] Mm mm, PteTable table)
            {
                var later = Lazily(mm, table);
                table[0] = PteNone;
            }
        }
        """);

    // ---- static abstract interface members, the empty group ----

    [Fact]
    public Task StaticAbstractImplementation_InheritsDeferredFree_Reports() => Verify("""
        interface IFree { static abstract void Retire([DeferredFree] PteTable table); }

        sealed class Impl : IFree
        {
            public static void Retire(PteTable table) { {|PGT001:table[0]|} = PteNone; }
        }
        """);

    [Fact]
    public Task StaticImplementation_OfAnInstanceMember_InheritsNothing_Silent() => Verify("""
        interface IFree { void Retire([DeferredFree] PteTable table); }

        sealed class Impl : IFree
        {
            void IFree.Retire(PteTable table) { }
            public static void Retire(PteTable table) { table[0] = PteNone; }
        }
        """);

    [Fact]
    public Task EmptyOverlayGroup_IsAGroup_Reports() => Verify("""
        sealed class P2
        {
            [Overlay("")] public ListHead Node = new ListHead();
            [Overlay("")] public RcuHead Head = new RcuHead();
        }

        class C
        {
            void F(P2 page, ListHead head)
            {
                ListAdd(page.Node, head);
                CallRcu({|PGT002:page.Head|}, Free.Nop);
            }
        }
        """);

    // ---- parameters of indexers, operators, conversions and setters ----

    private const string Retiring = """
        sealed class Retiring
        {
            public int this[[DeferredFree] PteTable table] => 0;
            public int this[int index] { get => index; set { } }
            public static Retiring operator +(Retiring a, [DeferredFree] PteTable table) => a;
            public static Retiring operator -(Retiring a, PteTable table) => a;
            public static Retiring operator !([DeferredFree] Retiring a) => a;
            public static implicit operator Retiring([DeferredFree] PteTable table) => new Retiring();
            public static explicit operator Retiring(ulong[] words) => new Retiring();
            public PteTable Retired { [param: DeferredFree] set { } }
            public PteTable Kept { get; set; } = null!;
            public Mm Owner { [param: RequiresMm] set { } }
        }

        """;

    [Fact]
    public Task IndexerParameter_DeferredFree_Reports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table)
            {
                _ = x[table];
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task OperatorOperand_DeferredFree_Reports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table)
            {
                _ = x + table;
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task CompoundAssignmentOperand_DeferredFree_Reports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table)
            {
                x += table;
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task CompoundAssignmentOperands_DeferredTwice_Reports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table)
            {
                x += table;
                x = x + {|PGT004:table|};
            }
        }
        """);

    [Fact]
    public Task CompoundAssignmentWithUnannotatedOperator_OrWriteFirst_Silent() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table, PteTable other)
            {
                x -= table;
                table[0] = PteNone;
                other[0] = PteNone;
                x += other;
            }
        }
        """);

    [Fact]
    public Task UnaryOperatorOperand_DeferredFree_ReportsASecondHandOff() => Verify(Retiring + """
        class C
        {
            void F(Retiring x)
            {
                _ = !x;
                _ = !{|PGT004:x|};
            }
        }
        """);

    [Fact]
    public Task ImplicitConversion_DeferredFree_Reports() => Verify(Retiring + """
        class C
        {
            void F(PteTable table)
            {
                Retiring converted = table;
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task SetterValue_DeferredFree_Reports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table)
            {
                x.Retired = table;
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task SetterInADeconstruction_DeferredFree_Reports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table, PteTable other)
            {
                (x.Retired, x.Kept) = (table, other);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task TwoDeferringSettersInADeconstruction_ReportTheSecondHandOff() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, Retiring y, PteTable table)
            {
                (x.Retired, y.Retired) = (table, {|PGT004:table|});
            }
        }
        """);

    [Fact]
    public Task UnannotatedSetterInADeconstruction_Silent() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table, PteTable other)
            {
                (x.Kept, x.Retired) = (table, other);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task SetterValue_RequiresMm_NullReports() => Verify(Retiring + """
        class C
        {
            void F(Retiring x)
            {
                x.Owner = {|PGT003:null|}!;
            }
        }
        """);

    [Fact]
    public Task UnannotatedIndexerOperatorConversionSetter_Silent() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table, ulong[] words)
            {
                _ = x[0];
                x[1] = 2;
                _ = x - table;
                var converted = (Retiring)words;
                x.Kept = table;
                table[0] = PteNone;
                words[0] = 1;
            }
        }
        """);

    [Fact]
    public Task WriteBeforeTheOperatorDefers_Silent() => Verify(Retiring + """
        class C
        {
            void F(Retiring x, PteTable table)
            {
                table[0] = PteNone;
                _ = x + table;
                x.Retired = new PteTable();
            }
        }
        """);

    // ---- a local of the enclosing method captured by a lambda ----

    [Fact]
    public Task CapturedLocal_DeferredThenWrittenInTheLambda_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable[] tables)
            {
                var table = tables[0];
                RunLater(() =>
                {
                    PteFreeDefer(mm, table);
                    {|PGT001:table[0]|} = PteNone;
                });
            }
        }
        """);

    [Fact]
    public Task CapturedLocal_WrittenBeforeTheDeferInTheLambda_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable[] tables)
            {
                var table = tables[0];
                RunLater(() =>
                {
                    table[0] = PteNone;
                    PteFreeDefer(mm, table);
                });
            }
        }
        """);

    [Fact]
    public Task CapturedLocal_ReassignedInTheLambdaBeforeTheWrite_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable[] tables)
            {
                var table = tables[0];
                RunLater(() =>
                {
                    PteFreeDefer(mm, table);
                    table = new PteTable();
                    table[0] = PteNone;
                });
            }
        }
        """);

    [Fact]
    public Task CapturedLocalMm_PassedOnInTheLambda_Silent() => Verify("""
        class C
        {
            void F(TaskStruct task)
            {
                var mm = task.Mm;
                RunLater(() => SpinLock(mm));
            }
        }
        """);

    // ---- a variable assigned a value with branches (the graph captures the variable first) ----

    [Fact]
    public Task VariableReassignedFromConditional_IsTheNewValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, PteTable other, bool c)
            {
                PteFreeDefer(mm, table);
                table = c ? PteTable.Alloc(mm) : other;
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task VariableReassignedFromCoalesce_IsTheNewValue_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, PteTable? spare)
            {
                PteFreeDefer(mm, table);
                table = spare ?? PteTable.Alloc(mm);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task VariableReassignedFromConditional_ToTheFreedValue_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, PteTable freed)
            {
                PteFreeDefer(mm, freed);
                table = table is null ? freed : freed;
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task MmCoalescedIntoALocal_IsNotNull_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm)
            {
                Mm? chosen = null;
                chosen = chosen ?? mm;
                SpinLock(chosen);
            }
        }
        """);

    // ---- null checks narrow a variable ----

    [Fact]
    public Task NullCheckThenAssign_IsNotNullAfter_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm)
            {
                Mm? chosen = null;
                if (chosen == null)
                {
                    chosen = mm;
                }

                SpinLock(chosen);
            }

            void G([RequiresMm] Mm mm, Vma vma, bool c)
            {
                Mm? chosen = c ? vma.Mm : null;
                if (chosen is null) chosen = mm;
                SpinLock(chosen);
            }
        }
        """);

    [Fact]
    public Task CoalesceAssignOnALocal_IsNotNullAfter_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, bool c)
            {
                Mm? chosen = c ? mm : null;
                chosen ??= mm;
                SpinLock(chosen);
            }
        }
        """);

    [Fact]
    public Task CoalesceOfAnAlwaysNullLocal_TakesTheRightSide_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                PteTable? spare = null;
                var chosen = spare ?? table;
                {|PGT001:chosen[0]|} = 1;
            }

            void G([RequiresMm] Mm mm)
            {
                Mm? none = null;
                if (none != null)
                {
                    SpinLock(none);
                }
            }
        }
        """);

    [Fact]
    public Task CoalesceOfAnAlwaysNullLocal_WithAFreshRightSide_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                PteTable? spare = null;
                var chosen = spare ?? PteTable.Alloc(mm);
                chosen[0] = 1;
            }
        }
        """);

    [Fact]
    public Task NullCheckWithoutAssign_StillNullOnSomePaths_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, bool c)
            {
                Mm? chosen = c ? mm : null;
                if (chosen != null)
                {
                    SpinLock(chosen);
                }

                SpinLock({|PGT103:chosen|}!);
            }
        }
        """);

    // ---- a ref local naming a variable ----

    [Fact]
    public Task RefLocalToAVariable_AssignedThrough_ReassignsTheVariable_Silent() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, PteTable other)
            {
                ref PteTable slot = ref table;
                PteFreeDefer(mm, table);
                slot = other;
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task RefLocalToAVariable_ReadsTheVariable_Reports() => Verify("""
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                ref PteTable slot = ref table;
                PteFreeDefer(mm, slot);
                {|PGT001:table[0]|} = PteNone;
                PteFreeDefer(mm, {|PGT004:table|});
            }
        }
        """);
}
