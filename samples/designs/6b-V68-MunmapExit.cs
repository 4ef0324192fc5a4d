// v6.8 design: one 2K pte table per 4K page, no fragments.
//
// Commit d08d4e7cd6bf "s390/mm: use full 4KB page for 2KB PTE" (Alexander Gordeev, v6.8; REFERENCES.md):
// no pgtable_list, no A/P byte, no PageActive. pte_free_defer is the generic
// call_rcu(&page->rcu_head, pte_free_now), and page->lru, which rcu_head overlays, is never linked;
// "Turn to the generic pte_free_defer() version once gmap is removed." The price: 2K per table.
//
// The strands that broke the gross patch (catalogue #1) and v2 (#7, #9): tables 0 and 1 are mapped;
// gup_fast, on a second thread of the task (it holds mm_users), walks region 0 while the task, scheduled
// in (__tlb_flush_mm_lazy takes context.lock with plain spin_lock, M9), munmaps it (page_table_free_rcu,
// then the batch's RCU callback or, when the batch page cannot be allocated, the IPI fallback) and then
// exits on another CPU (frees table 1, drops the mm) while region 0's callback may still be pending.
// Expected clean.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Walkers;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V68MunmapExit
{
    [Scenario("v6.8: a lazy TLB flush, munmap under gup_fast, then exit")]
    public static void V68_MunmapExitUnderGupFast(Machine m)
    {
        var pgt = new V68FullPage(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        var mm = space.Mm;
        m.Mmget(mm);
        m.Spawn("gup_fast", () =>
        {
            m.GupFastPages(mm, MappedMm.AddressOf(0), 1);
            m.Mmput(mm);
        });
        m.Spawn("task", () =>
        {
            TlbFlush.TlbFlushMmLazy(m, mm);
            Munmap.UnmapRegions(m, pgt, mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, mm, [MappedMm.AddressOf(1)]);
        });
    }
}
