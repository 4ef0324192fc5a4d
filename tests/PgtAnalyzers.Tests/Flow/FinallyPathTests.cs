using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// Paths through a <c>finally</c> (<c>try</c>/<c>finally</c>, <c>lock</c>, <c>using</c>): each normal path goes on
/// from the finally to where it was heading, so a <c>return</c>, <c>continue</c> or <c>break</c> inside the try
/// never reaches the code after it; the finally's own code sees every path that runs it. All rules run.
/// <see cref="Snippet.InClass"/> puts the first member on line 9.
/// </summary>
public sealed class FinallyPathTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected) => VerifyAllAsync(Snippet.InClass(members), expected);

    // ---- silent: the path that deferred, released or found no mm has left ----

    [Fact]
    public Task DeferAndReturnInsideLock_WriteAfterTheLock_Silent() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            lock (mm.Context.Lock)
            {
                if (last)
                {
                    PteFreeDefer(mm, table);
                    return;
                }
            }

            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task DeferAndReturnInsideTryFinally_WriteAfter_Silent() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, int users)
        {
            SpinLock(mm);
            try
            {
                if (users == 0)
                {
                    PteFreeDefer(mm, table);
                    return;
                }
            }
            finally
            {
                SpinUnlock(mm);
            }

            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task DeferAndReturnInsideUsing_WriteAfter_Silent() => Verify("""
        sealed class Guard : IDisposable { public void Dispose() { } }

        void Retract([RequiresMm] Mm mm, PteTable table, int users)
        {
            using (new Guard())
            {
                if (users == 0)
                {
                    PteFreeDefer(mm, table);
                    return;
                }
            }

            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task DeferAndContinueInsideTryFinally_WriteLaterInTheIteration_Silent() => Verify("""
        void Sweep([RequiresMm] Mm mm, PteTable[] tables)
        {
            foreach (var t in tables)
            {
                try
                {
                    if (t[0] == PteNone)
                    {
                        PteFreeDefer(mm, t);
                        continue;
                    }
                }
                finally
                {
                    SpinUnlock(mm);
                }

                t[1] = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferAndReturnInsideLock_DeferAfterTheLock_Silent() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            lock (mm.Context.Lock)
            {
                if (last)
                {
                    PteFreeDefer(mm, table);
                    return;
                }
            }

            PteFree(mm, table);
        }
        """);

    [Fact]
    public Task ListedAndReturnInsideLock_CallRcuAfterTheLock_Silent() => Verify("""
        void Retire([RequiresMm] Mm mm, Page page, bool reuse)
        {
            lock (mm.Context.Lock)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                if (reuse)
                {
                    return;
                }

                ListDel(page.Lru);
            }

            CallRcu(page.RcuHead, Free);
        }

        [NoMm] static void Free(RcuHead head) => PagetableFree(Page.FromRcuHead(head));
        """);

    [Fact]
    public Task NullMmOnlyOnTheReturnPathInsideTry_Silent() => Verify("""
        void F(Vma? vma, PteTable table)
        {
            Mm? m = null;
            try
            {
                if (vma == null)
                {
                    return;
                }

                m = vma.Mm;
            }
            finally
            {
                table[0] = PteNone;
            }

            PageTableFree(m, table);
        }
        """);

    [Fact]
    public Task DeferAndReturnThroughTwoNestedFinallies_WriteAfterBoth_Silent() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            try
            {
                try
                {
                    if (last)
                    {
                        PteFreeDefer(mm, table);
                        return;
                    }
                }
                finally
                {
                    SpinUnlock(mm);
                }
            }
            finally
            {
                SpinUnlock(mm);
            }

            table[0] = PteNone;
        }
        """);

    // ---- reports: the path that deferred does reach the use ----

    [Fact]
    public Task WriteInsideTheFinally_AfterDeferAndReturnInTheTry_PGT101() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            try
            {
                if (last)
                {
                    PteFreeDefer(mm, table);
                    return;
                }
            }
            finally
            {
                {|PGT101:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task DeferWithoutLeavingInsideLock_WriteAfterTheLock_PGT101() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            lock (mm.Context.Lock)
            {
                if (last)
                {
                    PteFreeDefer(mm, table);
                }
            }

            {|PGT101:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task DeferInTheFinally_WriteAfterTheTry_PGT001() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            try
            {
                if (last)
                {
                    return;
                }
            }
            finally
            {
                PteFreeDefer(mm, table);
            }

            {|PGT001:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task DeferAndBreakInsideTryFinally_WriteAfterTheLoop_PGT101() => Verify("""
        void Drain([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                try
                {
                    if (i == n - 1)
                    {
                        PteFreeDefer(mm, table);
                        break;
                    }
                }
                finally
                {
                    SpinUnlock(mm);
                }
            }

            {|PGT101:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task DeferAndContinueInsideTryFinally_NextIterationWritesAndDefersTheSameTable_PGT101AndPGT104() => Verify("""
        void Sweep([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                try
                {
                    {|PGT101:table[1]|} = PteNone;
                    if (i == 0)
                    {
                        // The analysis does not count iterations: a second deferral is possible too.
                        PteFreeDefer(mm, {|PGT104:table|});
                        continue;
                    }
                }
                finally
                {
                    SpinUnlock(mm);
                }
            }
        }
        """);

    [Fact]
    public Task ReturnInsideLockKeepsTheMemberListed_CallRcuInsideTheFinallyPath_PGT102() => Verify("""
        void Retire([RequiresMm] Mm mm, Page page, bool reuse)
        {
            try
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                if (reuse)
                {
                    return;
                }

                ListDel(page.Lru);
            }
            finally
            {
                CallRcu({|PGT102:page.RcuHead|}, Free);
            }
        }

        [NoMm] static void Free(RcuHead head) => PagetableFree(Page.FromRcuHead(head));
        """);

    [Fact]
    public Task DeferAndReturnThroughTwoNestedFinallies_WriteInTheOuterFinally_PGT101() => Verify("""
        void Retract([RequiresMm] Mm mm, PteTable table, bool last)
        {
            try
            {
                try
                {
                    if (last)
                    {
                        PteFreeDefer(mm, table);
                        return;
                    }
                }
                finally
                {
                    SpinUnlock(mm);
                }
            }
            finally
            {
                {|PGT101:table[0]|} = PteNone;
            }
        }
        """);
}
