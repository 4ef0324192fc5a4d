// Merged v6.6 design: PageActive, and one call_rcu per page once both halves are free.
//
// Commit 8211dad62798 "s390: add pte_free_defer() for pgtables sharing page" (v3 07/13, M13, cover
// <7cd843a9-aa80-14f-5eb2-33427363c20@google.com>), from Hugh's PageActive version M12
// <7bef5695-fa4a-7215-7e9d-d4a83161c7ab@google.com>: "a page is never on the free list if
// pte_free_defer() was used on either half (marked by PageActive). And for simplicity, delay calling RCU
// until both halves are freed." No half of an Active page is handed out again, the page's rcu_head is
// queued once, when the page is off every list, and the callback needs no mm (8211dad62798, REFERENCES.md).
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

public static class V66MunmapExit
{
    [Scenario("merged v6.6: a lazy TLB flush, munmap under gup_fast, then exit")]
    public static void V66_MunmapExitUnderGupFast(Machine m)
    {
        var pgt = new V66PageActive(m);
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
