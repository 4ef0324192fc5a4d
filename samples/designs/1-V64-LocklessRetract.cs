// v6.4 + lockless retract calling pte_free: what the series had to avoid.
//
// v6.6 lets khugepaged retract a pte table without mmap_lock (1d65b771bc08), and since v6.5
// pte_offset_map() walkers hold only rcu_read_lock (a349d72fd9ef). On v6.4's allocator, freeing the
// detached table with pte_free() (page_table_free) puts its half at the head of pgtable_list, and the
// very next page_table_alloc hands it out while gup_fast may still be walking it: reuse before the grace
// period (catalogue #2). KASAN is silent: the memory is valid, only its owner changed.
// Thread: "[PATCH 07/12] s390: add pte_free_defer()" M1 <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com>
// and its cover letter's motivation; the pre-6.5 scheme (mmap_write_lock + IPI) is catalogue #2's other fix.
//
// Strands: tables 0 and 1 share one page; gup_fast walks region 0, khugepaged retracts region 0's table
// and frees it at once, a fault allocates a table for region 2.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V64LocklessRetract
{
    [Scenario("v6.4 + lockless retract calling pte_free: the half is reused while gup_fast walks it",
        ExpectFinding = FindingKinds.ReuseBeforeGracePeriod)]
    public static void V64_LocklessRetractPteFree(Machine m)
    {
        var pgt = new V64(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessImmediate);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }
}
