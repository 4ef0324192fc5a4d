// v6.8 design: one 2K pte table per 4K page, no fragments.
//
// Commit d08d4e7cd6bf "s390/mm: use full 4KB page for 2KB PTE" (Alexander Gordeev, v6.8; REFERENCES.md):
// no pgtable_list, no A/P byte, no PageActive. pte_free_defer is the generic
// call_rcu(&page->rcu_head, pte_free_now), and page->lru, which rcu_head overlays, is never linked;
// "Turn to the generic pte_free_defer() version once gmap is removed." The price: 2K per table.
//
// The strands that broke v6.4 (catalogue #2) and v1 (#5, #6): tables 0 and 1 are mapped; gup_fast (irqs
// off) walks region 0 and a pte_offset_map_lock walker (rcu_read_lock, then the table's own ptl)
// walks region 1 while two khugepaged threads retract both tables with pte_free_defer (both halves of
// one page in the fragment designs) and a fault allocates a table for region 2 (the allocation that
// would take a relisted half). Expected clean.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V68Retract
{
    [Scenario("v6.8: gup_fast and a ptl walker vs both halves retracted and a sibling allocation")]
    public static void V68_RetractBothHalvesUnderWalkers(Machine m)
    {
        var pgt = new V68FullPage(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(1), takePtl: true);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, name: "khugepaged/0");
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred, name: "khugepaged/1");
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }
}
