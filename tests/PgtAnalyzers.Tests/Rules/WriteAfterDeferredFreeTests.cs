using System.Threading.Tasks;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Rules;

public sealed class WriteAfterDeferredFreeTests
{
    private static Task Verify(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAsync<WriteAfterDeferredFreeAnalyzer>(Snippet.InClass(members), expected);

    // ---- reports ----

    [Fact]
    public Task WriteAfterDefer_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            {|#0:table[1]|} = PteNone;
        }
        """, Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("table", "PteFreeDefer", 11));

    [Fact]
    public Task WriteThroughAliasAfterDefer_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var alias = table;
            PteFreeDefer(mm, table);
            var second = alias;
            {|#0:second[2]|} = 0;
        }
        """, Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("second", "PteFreeDefer", 12));

    [Fact]
    public Task WriteThroughViewOfItsMemoryAfterDefer_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            {|PGT001:table.Words[0]|} = PteNone;
            Memset64({|PGT001:table.Words|}, PteNone, 256);
            var words = table.Words;
            {|PGT001:words[3]|} |= 1;
            {|PGT001:words[4]|}++;
        }
        """);

    [Fact]
    public Task GrossPatchThreadsListThroughTheTableItFrees_Reports() => Verify("""
        static readonly ListHead Pending = new ListHead();

        static void PteFreeDeferGross([RequiresMm] Mm mm, [DeferredFree] PteTable table)
        {
            ListAdd({|#0:table.AsListHead()|}, Pending);
        }
        """, Diagnostic(Descriptors.WriteAfterDeferredFree, 0).WithArguments("table.AsListHead()", "PteFreeDeferGross", 11));

    [Fact]
    public Task WriteToOwnDeferredFreeParameter_Reports() => Verify("""
        static void Release([DeferredFree] PteTable table)
        {
            {|PGT001:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task DeferOnOneBranchOnly_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool last)
        {
            if (last)
            {
                PteFreeDefer(mm, table);
            }

            {|#0:table[0]|} = PteNone;
        }
        """, Diagnostic(Descriptors.WriteAfterDeferredFreeOnSomePaths, 0).WithArguments("table", "PteFreeDefer", 13));

    [Fact]
    public Task DeferInsideLoop_WriteAfterLoop_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                if (i == 3)
                {
                    PteFreeDefer(mm, table);
                }
            }

            {|PGT101:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task WriteOnNextLoopIteration_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                {|PGT101:table[i]|} = PteNone;
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task MayAliasAfterMerge_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other, bool which)
        {
            var chosen = which ? table : other;
            PteFreeDefer(mm, table);
            {|PGT101:chosen[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task WriteInFinallyAfterDeferInTry_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                PteFreeDefer(mm, table);
            }
            finally
            {
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task WriteInCatchAfterDeferInTry_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            try
            {
                PteFreeDefer(mm, table);
            }
            catch (InvalidOperationException)
            {
                {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task WriteInsideLambdaAfterDeferInsideLambda_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            RunLater(() =>
            {
                PteFreeDefer(mm, table);
                {|PGT001:table[1]|} = PteNone;
            });
        }
        """);

    [Fact]
    public Task WriteInsideLocalFunctionAfterDefer_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            Retract(table);

            void Retract(PteTable t)
            {
                PteFreeDefer(mm, t);
                {|PGT001:t[1]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task AliasFromSwitchExpression_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int half)
        {
            PteFreeDefer(mm, table);
            var chosen = half switch
            {
                0 => table,
                _ => table,
            };
            {|PGT001:chosen[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task AliasFromPatternMatch_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            object boxed = table;
            PteFreeDefer(mm, table);
            if (boxed is PteTable matched)
            {
                {|PGT001:matched[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task WriteAfterAwaitInAsyncMethod_Reports() => Verify("""
        async Task F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            await Task.Yield();
            {|PGT001:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task GenericDeferredFreeParameter_Reports() => Verify("""
        static void Defer<T>([DeferredFree] T value) where T : class { }

        void F(PteTable table)
        {
            Defer(table);
            {|PGT001:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task DeferDeclaredInOtherPartOfPartialClass_Reports() => VerifyAsync<WriteAfterDeferredFreeAnalyzer>(
        Snippet.InClass("""
        void F(PteTable table)
        {
            FreeLater(table);
            Interlocked.Exchange(ref {|PGT001:table.Words[0]|}, PteNone);
        }
        """) + """
        partial class C
        {
            static partial void FreeLater([DeferredFree] PteTable table);
        }
        """);

    [Fact]
    public Task TableReadFromPmdBeforePmdClearedThenWritten_Reports() => Verify("""
        sealed class Pmd { public PteTable? Table; }

        void Retract([RequiresMm] Mm mm, Pmd pmd)
        {
            var table = pmd.Table!;
            pmd.Table = null;
            PteFreeDefer(mm, table);
            {|PGT001:table[0]|} = PteNone;
            pmd.Table = PteTable.Alloc(mm);
            pmd.Table[0] = PteNone;
        }
        """);

    [Fact]
    public Task WriteThroughAVariableOfSeveralValuesAfterDeferringIt_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree)
        {
            var victim = upperFree ? upper : lower;
            PteFreeDefer(mm, victim);
            {|PGT001:victim[0]|} = PteNone;
            {|PGT001:victim.Words[1]|} = PteNone;
            {|PGT101:upper[2]|} = PteNone;
        }
        """);

    [Fact]
    public Task WriteThroughAVariableAssignedOnBothBranchesAfterDeferringIt_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree, bool other)
        {
            PteTable victim;
            if (upperFree)
                victim = upper;
            else
                victim = lower;

            PteFreeDefer(mm, victim);
            if (other)
                {|PGT001:victim[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task WriteThroughAVariableOfSeveralValuesDeferredOnSomePaths_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree, bool now, int n)
        {
            var victim = upperFree ? upper : lower;
            if (now)
                PteFreeDefer(mm, victim);
            {|PGT101:victim[0]|} = PteNone;
            try
            {
                PteFreeDefer(mm, victim);
            }
            catch
            {
                {|PGT101:victim[1]|} = PteNone;
            }

            var next = upperFree ? lower : upper;
            while (n-- > 0)
            {
                {|PGT101:next[2]|} = PteNone;
                PteFreeDefer(mm, next);
            }
        }
        """);

    [Fact]
    public Task WriteThroughAVariableOfSeveralValuesReassignedAfterDeferringIt_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable lower, PteTable upper, bool upperFree, bool other)
        {
            var victim = upperFree ? upper : lower;
            PteFreeDefer(mm, victim);
            victim = other ? upper : lower;
            {|PGT101:victim[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task LambdaThatCopiesTheTable_WriteThroughTheCopyAfterRunningIt_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteTable t = null!;
            System.Action take = () => t = table;
            PteFreeDefer(mm, table);
            take();
            {|PGT001:t[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task LambdaThatOnlyReadsTheTable_WriteAfterRunningIt_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            System.Func<ulong> first = () => table[0];
            PteFreeDefer(mm, table);
            first();
            {|PGT001:table[1]|} = PteNone;
        }
        """);

    [Fact]
    public Task LambdaThatRenewsTheTable_CreatedAfterTheWrite_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            {|PGT001:table[0]|} = PteNone;
            System.Action renew = () => table = PteTable.Alloc(mm);
            renew();
            table[1] = PteNone;
        }
        """);

    [Fact]
    public Task LambdaThatRenewsTheTableUnderACondition_WriteAfterRunningIt_IsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool now)
        {
            System.Action renew = () => { if (now) table = PteTable.Alloc(mm); };
            PteFreeDefer(mm, table);
            renew();
            {|PGT101:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task LambdaThatRenewsTheTable_StoredInAField_WriteAfterALaterCallIsOnSomePaths() => Verify("""
        System.Action? _onDone;

        void F([RequiresMm] Mm mm, PteTable table)
        {
            _onDone = () => table = PteTable.Alloc(mm);
            PteFreeDefer(mm, table);
            {|PGT101:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task LambdaThatRenewsTheTable_PassedToACall_WriteIsOnSomePaths() => Verify("""
        static void Register(System.Action callback) { }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            Register(() => table = PteTable.Alloc(mm));
            PteFreeDefer(mm, table);
            {|PGT101:table[0]|} = PteNone;
        }
        """);

    // ---- silent ----

    [Fact]
    public Task LambdaThatRenewsTheTable_RunAfterTheDeferral_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            System.Action renew = () => table = PteTable.Alloc(mm);
            PteFreeDefer(mm, table);
            renew();
            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task LocalFunctionThatRenewsTheTable_RunAsADelegateAfterTheDeferral_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            void Renew() => table = PteTable.Alloc(mm);
            System.Action renew = Renew;
            PteFreeDefer(mm, table);
            renew.Invoke();
            table[0] = PteNone;
        }
        """);


    [Fact]
    public Task WriteBeforeDefer_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            table[0] = PteNone;
            Memset64(table.Words, PteNone, 256);
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task ReadAfterDefer_IsSilent() => Verify("""
        ulong F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            return table[0] + table.Words[1];
        }
        """);

    [Fact]
    public Task ReassignedToNewTableAfterDefer_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            table = PteTable.Alloc(mm);
            table[3] = 0;
        }
        """);

    [Fact]
    public Task FreshTableEachLoopIteration_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var table = PteTable.Alloc(mm);
                table[0] = PteNone;
                PteFreeDefer(mm, table);
            }
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
                if (table is null)
                {
                    continue;
                }

                table[0] = PteNone;
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task WriteOnTheOtherBranch_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool last)
        {
            if (last)
            {
                PteFreeDefer(mm, table);
            }
            else
            {
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task WriteToAnotherTable_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            PteFreeDefer(mm, table);
            other[0] = PteNone;
            var chosen = other;
            chosen[1] = PteNone;
        }
        """);

    [Fact]
    public Task OwnParameterPassedOnOnce_IsSilent() => Verify("""
        static void PteFreeDeferMerged([RequiresMm] Mm mm, [DeferredFree] PteTable table)
        {
            // virt_to_page() is not a member of the table: the page is metadata, not the table's memory.
            var page = Page.FromTable(table);
            page.Active = true;
            PteFree(mm, table);
        }
        """);

    [Fact]
    public Task WriteToSiblingMemberOfOwner_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            PteFreeDefer(mm, page.Table);
            page.RefCount = 0;
            page.Active = false;
        }
        """);

    [Fact]
    public Task DeferInFinallyAfterWriteInTry_IsSilent() => Verify("""
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
    public Task LambdaWritesItsOwnFreshTable_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            RunLater(() =>
            {
                var fresh = PteTable.Alloc(mm);
                fresh[0] = PteNone;
            });
        }
        """);

    [Fact]
    public Task LocalFunctionWritesBeforeDefer_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            Clear(table);
            PteFreeDefer(mm, table);

            static void Clear(PteTable t) => t[0] = PteNone;
        }
        """);

    [Fact]
    public Task SwitchExpressionPicksAnotherTable_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable spare, int half)
        {
            PteFreeDefer(mm, table);
            var chosen = half switch
            {
                0 => spare,
                _ => PteTable.Alloc(mm),
            };
            chosen[0] = PteNone;
        }
        """);

    [Fact]
    public Task PatternMatchOnAnotherObject_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, object other)
        {
            PteFreeDefer(mm, table);
            if (other is PteTable { Page: { } page } matched)
            {
                matched[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task AsyncWriteBeforeDefer_IsSilent() => Verify("""
        async Task F([RequiresMm] Mm mm, PteTable table)
        {
            table[0] = PteNone;
            await Task.Yield();
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task GenericCodeWithoutDeferredFree_IsSilent() => Verify("""
        static void Store<T>(T[] slots, T value) => slots[0] = value;

        void F([RequiresMm] Mm mm, PteTable table, PteTable[] slots)
        {
            Store(slots, table);
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task CodeWithoutAnyAttributes_IsSilent() => VerifyAsync<WriteAfterDeferredFreeAnalyzer>("""
        class Table { public ulong[] Words = new ulong[4]; }

        static class Plain
        {
            static void Free(Table t) { }

            static void F(Table t)
            {
                Free(t);
                t.Words[0] = 1;
            }
        }
        """);
}
