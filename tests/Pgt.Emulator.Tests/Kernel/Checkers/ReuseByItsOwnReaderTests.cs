using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// The strand that hands a detached table out again is not that table's covering reader, even when its
/// own section began before the detach (page_table_alloc spinning on context.lock with bh disabled).
/// Explored exhaustively by DPOR: the allocator's xor declares the page's lifetime, as the detach does, so
/// both orders are tried (a verdict decided before the point once made DPOR try one order only).
/// </summary>
public class ReuseByItsOwnReaderTests
{
    [Fact]
    public void AHalfHandedOutInsideTheAllocatorsOwnOlderSection_IsClean() =>
        KernelRuns.Explore(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            m.Spawn("khugepaged", () =>
            {
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
                GenericPageTables.Retract(m, mm, Programs.Address);
            });
            m.Spawn("allocator", () =>
            {
                m.RcuReadLock();
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
                m.RcuReadUnlock();
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);
}
