using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.CodeFixes.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = PgtAnalyzers.Tests.CodeFixes.PgtCodeFixTest<PgtAnalyzers.CodeFixes.Rules.WriteAfterDeferredFreeFixer>;

namespace PgtAnalyzers.Tests.CodeFixes;

public sealed class WriteAfterDeferredFreeFixerTests
{
    /// <summary>PGT001 at markup <c>{|#write:...|}</c>, blaming the deferred call at <c>{|#call:...|}</c> (messages are the rule tests' business).</summary>
    private static DiagnosticResult Pgt001(int write, int call) =>
        new DiagnosticResult(RuleIds.WriteAfterDeferredFree, DiagnosticSeverity.Error).WithLocation(write).WithLocation(call);

    // ---- fixes ----

    [Fact]
    public Task WriteRightAfterDefer_MovesBeforeTheCall() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PteNone;
                {|#1:PteFreeDefer(mm, table)|};
                {|#0:table[1]|} = PteNone;   // the second half
            }
            """),
        [Pgt001(0, 1)],
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PteNone;
                table[1] = PteNone;   // the second half
                PteFreeDefer(mm, table);
            }
            """));

    [Fact]
    public Task WriteAfterAHelperThatDefers_MovesBeforeTheHelperCall() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:Retire(mm, table)|};
                {|#0:table[1]|} = PteNone;
            }
            """),
        [Pgt001(0, 1)],
        Snippet.InClass("""
            static void Retire([RequiresMm] Mm mm, PteTable table) => PteFreeDefer(mm, table);

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                table[1] = PteNone;
                Retire(mm, table);
            }
            """));

    [Fact]
    public Task WriteAfterLocalComputations_JumpsOverThem() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            int Retract([RequiresMm] Mm mm, PteTable table, int index)
            {
                {|#1:PteFreeDefer(mm, table)|};
                var freed = 1;
                freed += index;
                {|#0:table[index]|} = PteNone | 1;
                return freed;
            }
            """),
        [Pgt001(0, 1)],
        Snippet.InClass("""
            int Retract([RequiresMm] Mm mm, PteTable table, int index)
            {
                table[index] = PteNone | 1;
                PteFreeDefer(mm, table);
                var freed = 1;
                freed += index;
                return freed;
            }
            """));

    [Fact]
    public Task CallWritingThroughAView_MovesBeforeTheCall() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Clear([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:PteFreeDefer(mm, table)|};
                Memset64({|#0:table.Words|}, PteNone, 256);
            }
            """),
        [Pgt001(0, 1)],
        Snippet.InClass("""
            void Clear([RequiresMm] Mm mm, PteTable table)
            {
                Memset64(table.Words, PteNone, 256);
                PteFreeDefer(mm, table);
            }
            """));

    [Fact]
    public Task CompoundAssignmentAndIncrement_MoveWithTheirComments() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Mark([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:PteFreeDefer(mm, table)|};
                // set the invalid bit
                {|#0:table[2]|} |= 0x400;
            }
            """),
        [Pgt001(0, 1)],
        Snippet.InClass("""
            void Mark([RequiresMm] Mm mm, PteTable table)
            {
                // set the invalid bit
                table[2] |= 0x400;
                PteFreeDefer(mm, table);
            }
            """));

    [Fact]
    public Task TwoWritesAfterOneDefer_FixAllKeepsTheirOrder() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table, int index)
            {
                {|#2:PteFreeDefer(mm, table)|};
                {|#0:table[index]|} = 1;
                {|#1:table[index]|} = 2;
            }
            """),
        [Pgt001(0, 2), Pgt001(1, 2)],
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table, int index)
            {
                table[index] = 1;
                table[index] = 2;
                PteFreeDefer(mm, table);
            }
            """));

    [Fact]
    public Task WritesInTwoFiles_FixAllInProjectAndSolutionFixesBoth() => Verify.VerifyFixAsync(
        [
            Snippet.InClass("""
                void First([RequiresMm] Mm mm, PteTable table)
                {
                    {|#1:PteFreeDefer(mm, table)|};
                    {|#0:table[0]|} = PteNone;
                }
                """),
            Snippet.Usings + """
                sealed class D
                {
                    void Second([RequiresMm] Mm mm, PteTable table)
                    {
                        {|#3:PteFree(mm, table)|};
                        {|#2:table.Words[1]|}++;
                    }
                }
                """,
        ],
        [Pgt001(0, 1), Pgt001(2, 3)],
        [
            Snippet.InClass("""
                void First([RequiresMm] Mm mm, PteTable table)
                {
                    table[0] = PteNone;
                    PteFreeDefer(mm, table);
                }
                """),
            Snippet.Usings + """
                sealed class D
                {
                    void Second([RequiresMm] Mm mm, PteTable table)
                    {
                        table.Words[1]++;
                        PteFree(mm, table);
                    }
                }
                """,
        ]);

    [Fact]
    public Task OnlyTheMovableOfTwoWrites_IsMoved() => Verify.VerifyFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#2:PteFreeDefer(mm, table)|};
                {|#0:table[0]|} = PteNone;
                var alias = table;
                {|#1:alias[1]|} = PteNone;
            }
            """),
        [Pgt001(0, 2), Pgt001(1, 2)],
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                table[0] = PteNone;
                {|#1:PteFreeDefer(mm, table)|};
                var alias = table;
                {|#0:alias[1]|} = PteNone;
            }
            """),
        [Pgt001(0, 1)]);

    // ---- no fix ----

    [Fact]
    public Task WriteToOwnDeferredFreeParameter_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            static void Release([DeferredFree] PteTable {|#1:table|})
            {
                {|#0:table[0]|} = PteNone;
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task DeferOnOneBranchOnly_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table, bool last)
            {
                if (last)
                {
                    {|#1:PteFreeDefer(mm, table)|};
                }

                {|#0:table[0]|} = PteNone;
            }
            """),
        new DiagnosticResult(RuleIds.WriteAfterDeferredFreeOnSomePaths, DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1));

    [Fact]
    public Task HelperDecidingFromTheTableWhetherToDefer_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            static void FreeIfEmpty([RequiresMm] Mm mm, PteTable t)
            {
                if (t[0] == PteNone)
                {
                    PteFreeDefer(mm, t);
                }
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:FreeIfEmpty(mm, table)|};
                {|#0:table[0]|} = 1;   // moved first, FreeIfEmpty would never free
            }
            """),
        new DiagnosticResult(RuleIds.WriteAfterDeferredFreeOnSomePaths, DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1));

    [Fact]
    public Task HelperWritingTheTableBeforeDeferring_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            static void Retire([RequiresMm] Mm mm, PteTable t)
            {
                t[0] = PteNone;
                PteFreeDefer(mm, t);
            }

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:Retire(mm, table)|};
                {|#0:table[0]|} = 5;   // moved first, Retire would overwrite it
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task WriteThroughAliasDeclaredAfterTheDefer_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:PteFreeDefer(mm, table)|};
                var alias = table;
                {|#0:alias[2]|} = 0;
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task IndexChangedInBetween_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table, int index)
            {
                {|#1:PteFreeDefer(mm, table)|};
                index++;
                {|#0:table[index]|} = 0;
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task TableReadInBetween_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            ulong Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:PteFreeDefer(mm, table)|};
                var old = table[1];
                {|#0:table[1]|} = PteNone;
                return old;
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task ValueComputedByACall_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            static ulong NextEntry(PteTable table) => table[0] + 1;

            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:PteFreeDefer(mm, table)|};
                {|#0:table[1]|} = NextEntry(table);
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task EarlyReturnInBetween_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table, bool done)
            {
                {|#1:PteFreeDefer(mm, table)|};
                if (done)
                {
                    return;
                }

                {|#0:table[1]|} = PteNone;
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task WriteInANestedBlock_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table, bool dirty)
            {
                {|#1:PteFreeDefer(mm, table)|};
                if (dirty)
                {
                    {|#0:table[1]|} = PteNone;
                }
            }
            """),
        Pgt001(0, 1));

    [Fact]
    public Task ValueReadFromMemory_OffersNoFix() => Verify.VerifyNoFixAsync(
        Snippet.InClass("""
            void Retract([RequiresMm] Mm mm, PteTable table)
            {
                {|#1:PteFreeDefer(mm, table)|};
                {|#0:table[1]|} = table[0];
            }
            """),
        Pgt001(0, 1));
}
