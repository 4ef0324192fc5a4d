using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class UnprotectedTableReadTests
{
    /// <summary>A walker that snapshots the pmd and reads the pte through it, inside rcu_read_lock or in no section.</summary>
    private static void Walker(Machine m, Mm mm, bool rcu) =>
        m.Spawn("walker", () =>
        {
            if (rcu)
            {
                m.RcuReadLock();
            }

            var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
            if (!PageTableBits.PmdNone(pmd))
            {
                m.PtepGet(PageTablePrimitives.PteOffset(pmd, Programs.Address));
            }

            if (rcu)
            {
                m.RcuReadUnlock();
            }
        });

    private static void WalkerVsRetract(Machine m, bool rcu)
    {
        var (mm, _, _) = Programs.MappedPage(m);
        Walker(m, mm, rcu);
        m.Spawn("khugepaged", () => GenericPageTables.Retract(m, mm, Programs.Address));
    }

    [Fact]
    public void ReadingADetachedTableWithIrqsOnAndNoRcuReadLock_IsReported()
    {
        var report = KernelRuns.Explore(m => WalkerVsRetract(m, rcu: false), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.UnprotectedTableRead);

        Assert.Contains("BUG: EMU: unprotected-table-read in", report);
        Assert.Contains("T1 \"walker\" (CPU1) reads a page table that is detached from its pmd and not yet freed, outside any read-side section", report);
        Assert.Contains("Table detached from its pmd by T2", report);
    }

    [Fact]
    public void ReadingADetachedTableInsideRcuReadLock_IsClean() =>
        KernelRuns.Explore(m => WalkerVsRetract(m, rcu: true), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void TheStrandThatDetachedATableMayReadIt() =>
        KernelRuns.Once(m =>
        {
            var (mm, _, _) = Programs.MappedPage(m);
            var table = GenericPageTables.Retract(m, mm, Programs.Address);
            m.PtepGet(table.Entry(PageTableBits.PteIndex(Programs.Address)).Address);
        }).AssertClean();
}
