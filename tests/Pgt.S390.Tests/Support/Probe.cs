using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Designs;
using Pgt.S390.Fragments;

namespace Pgt.S390.Tests.Support;

/// <summary>Reads of emulated state for assertions, made from inside a scenario (each is an ordinary primitive).</summary>
internal static class Probe
{
    /// <summary>s390's A/P byte of the page holding <paramref name="table"/>.</summary>
    public static uint Byte(Machine m, PteTable table) => FragmentBits.MaskOf(m.AtomicRead(m.VirtToPage(table.Address).Refcount));

    /// <summary>True when the mm's <c>pgtable_list</c> links no page.</summary>
    public static bool ListEmpty(Machine m, Mm mm) => m.ListEmpty(mm.Context.PgtableList);

    /// <summary>True when the page holding <paramref name="table"/> went back to the allocator (its _refcount is 0).</summary>
    public static bool Released(Machine m, PteTable table) => m.PageRefCount(m.VirtToPage(table.Address)) == 0;

    /// <summary>
    /// Opens a read-side section: no grace period that starts now can end, so no callback queued from
    /// here on runs until <see cref="EndHoldingGracePeriods"/>. The RCU daemons are strands of their own.
    /// </summary>
    public static void HoldGracePeriods(Machine m) => m.RcuReadLock();

    public static void EndHoldingGracePeriods(Machine m) => m.RcuReadUnlock();

    /// <summary>Runs every queued RCU callback (and the grace periods they need).</summary>
    public static void WaitForCallbacks(Machine m) => m.RcuBarrier();

    /// <summary>A munmap-style free of <paramref name="tables"/> through one mmu_gather, then its flush.</summary>
    public static void FreeThroughGather(Machine m, IPgtableDesign pgt, Mm mm, params PteTable[] tables)
    {
        var tlb = m.TlbGatherMmu(mm, pgt.TlbRemoveTable);
        foreach (var table in tables)
        {
            pgt.PageTableFreeRcu(tlb, table, 0);
        }

        m.TlbFinishMmu(tlb);
    }
}
