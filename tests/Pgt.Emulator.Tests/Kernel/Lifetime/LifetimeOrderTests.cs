using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// A verdict that depends on the order of two steps needs both steps to declare a common resource.
/// The bug this guards against: an A-bit xor on a table that is not detached yet declared only its
/// refcount word, so DPOR and DFS with sleep sets took it as independent of the pmd store that detaches
/// the table (and of the reader's section boundaries), explored one order and missed the reuse.
/// </summary>
public class LifetimeOrderTests
{
    /// <summary>
    /// main sets the A bit; khugepaged clears it and retracts the table; a reader is in an RCU section
    /// around its pmd snapshot; the allocator sets the A bit again. Reuse when the xor comes after the
    /// detach and before the reader's unlock.
    /// </summary>
    internal static void ABitSetAgainAfterTheDetach(Machine m)
    {
        var (mm, table, _) = Programs.MappedPage(m);
        m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
        m.Spawn("allocator", () =>
        {
            using var frame = m.Enter("page_table_alloc");
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
        });
        m.Spawn("khugepaged", () =>
        {
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            GenericPageTables.Retract(m, mm, Programs.Address);
        });
        Programs.RcuPmdSnapshotReader(m, mm);
    }

    [Fact]
    public void ABitSetAgainAfterTheDetach_FoundByExhaustiveDpor() =>
        KernelRuns.Explore(ABitSetAgainAfterTheDetach, KernelRuns.Dpor(100_000)).AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

    [Fact]
    public void ABitSetAgainAfterTheDetach_FoundByExhaustiveDfsWithSleepSets() =>
        KernelRuns.Explore(ABitSetAgainAfterTheDetach, KernelRuns.Dfs(100_000)).AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

    /// <summary>The ground truth without reduction (plain DFS needs tens of thousands of executions here).</summary>
    [Fact]
    public void ABitSetAgainAfterTheDetach_FoundByPct() =>
        KernelRuns.Explore(ABitSetAgainAfterTheDetach, KernelRuns.Pct(2_000, depth: 5)).AssertFinds(FindingKinds.ReuseBeforeGracePeriod);
}
