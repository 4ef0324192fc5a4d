using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Walkers;

namespace Pgt.Emulator.Tests.Kernel.Support;

/// <summary>Small kernel programs shared by the checker tests.</summary>
internal static class Programs
{
    public const ulong Address = 1UL << PageTableBits.PmdShift;

    /// <summary>One mm with one data page mapped at <see cref="Address"/> through its own pte table.</summary>
    public static (Mm Mm, PteTable Table, Page Data) MappedPage(Machine m)
    {
        var mm = m.MmAlloc();
        var data = m.AllocPage();
        var table = GenericPageTables.MapPage(m, mm, Address, data);
        return (mm, table, data);
    }

    /// <summary>A lockless reader that only snapshots the pmd inside an irq-off section (it never reads the table).</summary>
    public static void PmdSnapshotReader(Machine m, Mm mm) =>
        m.Spawn("reader", () =>
        {
            var flags = m.LocalIrqSave();
            m.PmdpGetLockless(m.PmdOffset(mm, Address));
            m.LocalIrqRestore(flags);
        });

    /// <summary>An rcu_read_lock reader that snapshots the pmd (pte_offset_map style) and does not read the table.</summary>
    public static void RcuPmdSnapshotReader(Machine m, Mm mm) =>
        m.Spawn("reader", () =>
        {
            m.RcuReadLock();
            m.PmdpGetLockless(m.PmdOffset(mm, Address));
            m.RcuReadUnlock();
        });

    public static void GupFastReader(Machine m, Mm mm) => m.Spawn("gup_fast", () => m.GupFastPages(mm, Address, 1));
}
