// Hugh's "gross patch": the free-half list threaded through the 2K tables themselves.
//
// To free page->lru for the rcu_head, M2 <175ebec8-761-c3f-2d98-6c3bd87161c8@google.com> moved
// pgtable_list into words 0-1 of each free half, as THP deposit does. Jason's objection (quoted in M4
// <ed24b58f-ef9f-2427-7372-5c77378c5b40@google.com>): "It is not RCU anymore if it writes to the page
// table itself before the grace period": page_table_free_rcu() stores list pointers into a table that
// gup_fast may still be reading, and only 0x400 is pte_none (Gerald, M3 <20230606214037.09c6b280@thinkpad-T15>).
// Catalogue #1.
//
// Strands: tables 0 and 1 share one page; gup_fast walks region 0 while munmap frees its table through
// mmu_gather (free_pgtables -> pte_free_tlb -> page_table_free_rcu).

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class GrossPatchListInTable
{
    [Scenario("gross patch: munmap links the freed table into the free list while gup_fast reads it",
        ExpectFinding = FindingKinds.WriteAfterDeferredFree, ExpectRules = new[] { "PGT001", "PGT003" })]
    public static void GrossPatch_ListThroughFreedTable(Machine m)
    {
        var pgt = new GrossPatch(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
    }
}
