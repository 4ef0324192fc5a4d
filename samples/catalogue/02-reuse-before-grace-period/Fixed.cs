// Catalogue #2 (samples/README.md, the catalogue): reuse before the grace period. THIS FILE: the fix.
//
// Since v6.6, khugepaged's retract_page_tables() detaches a pte table holding only i_mmap_lock
// (1d65b771bc08), while gup_fast (irqs off) and pte_offset_map() walkers (rcu_read_lock since v6.5,
// a349d72fd9ef) may still be inside it. Freeing it with pte_free() (page_table_free) lists its half at the head of
// pgtable_list, and the next page_table_alloc hands it out inside the walkers' grace period. KASAN is
// silent: the memory stays valid, only its owner changes. The fix is pte_free_defer(), the reason the
// series exists (M1 <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com>; generic 13cf577e6b66), or the
// pre-6.5 scheme of mmap_write_lock plus the tlb_remove_table_sync_one() IPI.
// Diff against Buggy.cs: the retract frees with pte_free_defer, not pte_free.
//
// Strands (merged v6.6 allocator, 8211dad62798): tables 0 and 1 share one page; gup_fast walks region 0, khugepaged
// retracts region 0's table, a fault allocates a table for region 2.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.ReuseBeforeGracePeriod;

public static class Fixed
{
    [Scenario("#2 fixed: lockless retract frees the table with pte_free_defer")]
    public static void C02_RetractFreesWithPteFreeDefer(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }
}
