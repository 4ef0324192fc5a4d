// v1 of pte_free_defer (mmgrab + call_rcu(&page->rcu_head)): the rcu_head/lru overlay.
//
// v1 queued the page's rcu_head while the page could still be on mm->context.pgtable_list through
// page->lru, the very words rcu_head overlays (include/linux/mm_types.h). Gerald (06-01, quoted by
// Hugh in M2 <175ebec8-761-c3f-2d98-6c3bd87161c8@google.com>): page->rcu_head cannot be used while
// page->lru holds the free-fragment list. The next list operation on pgtable_list follows a pointer that
// call_rcu overwrote: DEBUG_LIST reports "list_del corruption, ...->next is NULL" (catalogue #5).
// Ports: M1 <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com> "[PATCH 07/12] s390: add pte_free_defer(),
// with use of mmdrop_async()", Hugh Dickins, 28 May 2023 (src/Pgt.S390/Designs/V1MmgrabCallRcu.cs).
//
// Strands: only table 0 is mapped, so its page is listed with the upper half free; gup_fast walks
// region 0, khugepaged retracts it with pte_free_defer, a fault allocates a table for region 2.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V1RcuHeadOverLru
{
    [Scenario("v1: call_rcu on the rcu_head of a page still on pgtable_list through lru",
        ExpectFinding = FindingKinds.ListCorruption, ExpectRules = new[] { "PGT003", "PGT102" })]
    public static void V1_CallRcuOverListedLru(Machine m)
    {
        var pgt = new V1MmgrabCallRcu(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }
}
