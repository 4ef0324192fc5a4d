// Merged v6.6 design: PageActive, and one call_rcu per page once both halves are free.
//
// Commit 8211dad62798 "s390: add pte_free_defer() for pgtables sharing page" (v3 07/13, M13, cover
// <7cd843a9-aa80-14f-5eb2-33427363c20@google.com>), from Hugh's PageActive version M12
// <7bef5695-fa4a-7215-7e9d-d4a83161c7ab@google.com>: "a page is never on the free list if
// pte_free_defer() was used on either half (marked by PageActive). And for simplicity, delay calling RCU
// until both halves are freed." No half of an Active page is handed out again, the page's rcu_head is
// queued once, when the page is off every list, and the callback needs no mm (8211dad62798, REFERENCES.md).
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

public static class V66Retract
{
    [Scenario("merged v6.6: gup_fast and a ptl walker vs both halves retracted and a sibling allocation")]
    public static void V66_RetractBothHalvesUnderWalkers(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(1), takePtl: true);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, name: "khugepaged/0");
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred, name: "khugepaged/1");
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }
}
