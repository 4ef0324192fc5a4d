// Catalogue #5 (samples/README.md, the catalogue): the rcu_head/lru overlay. THIS FILE: the fix.
//
// In struct page, rcu_head overlays lru word for word (include/linux/mm_types.h): call_rcu() writes rcu_head.next = NULL and
// rcu_head.func over lru.next and lru.prev, so page->rcu_head cannot be used while page->lru holds the
// free-fragment list (Gerald, 1 June, quoted in M2 <175ebec8-761-c3f-2d98-6c3bd87161c8@google.com>).
// Buggy.cs is a hypothetical, naive reading of Gerald's suggestion of 8 June (M0
// <20230608174756.27cace18@thinkpad-T15>). This twin is what v3 made of that suggestion ("v3: much simpler
// version, following suggestion by Gerald"), merged unchanged as commit 8211dad62798 (v6.6,
// src/Pgt.S390/Designs/V66PageActive.cs): pte_free_defer marks the page Active and frees the half through
// page_table_free, which takes the page off the list (list_del_init) and never relists an Active page; the
// one call_rcu comes when both halves are free, with the page on no list.
// Diff against Buggy.cs: Buggy's pte_free_defer against merged v6.6's.
//
// Strands: tables 0 and 1 share one page; gup_fast walks region 0, khugepaged retracts its table with
// pte_free_defer, a fault allocates a table for region 2.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.RcuHeadLruOverlay;

public static class Fixed
{
    [Scenario("#5 fixed: merged v6.6 unlists the page and never relists it while a half is deferred")]
    public static void C05_MergedUnlistsBeforeCallRcu(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }
}
