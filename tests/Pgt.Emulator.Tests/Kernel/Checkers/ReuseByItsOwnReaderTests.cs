using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel.Checkers;

/// <summary>
/// The strand that hands a detached table out again is not that table's covering reader, even when its
/// own section began before the detach (page_table_alloc spinning on context.lock with bh disabled).
/// Random, not DPOR: the allocator's xor declares no RCU-state operation (its lifetime guard is decided
/// before its scheduling point, when the table was not detached yet), so DPOR treats it as independent
/// of the detach and explores one order only.
/// </summary>
public class ReuseByItsOwnReaderTests
{
    [Fact]
    public void AHalfHandedOutInsideTheAllocatorsOwnOlderSection_IsClean() =>
        Emu.Explore(m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            m.Spawn("khugepaged", () =>
            {
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
                SimplePageTables.Retract(m, mm, Programs.Address);
            });
            m.Spawn("allocator", () =>
            {
                m.RcuReadLock();
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
                m.RcuReadUnlock();
            });
        }, Emu.Random(500)).AssertClean();
}
