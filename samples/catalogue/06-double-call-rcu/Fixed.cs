// SPDX-License-Identifier: GPL-2.0
// Catalogue #6 (samples/README.md, the catalogue): double call_rcu on the page's shared rcu_head. THIS FILE: the fix.
//
// A 4K page holds two 2K tables but has one rcu_head. Matthew Wilcox on v1 (M1
// <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com>): sharing page->rcu_head between page tables is
// "tricky". This pte_free_defer is the 12 June draft (M6) and v2 (M10) without their H bits: it keeps lru idle while the rcu_head is
// queued, but queues the head once per half, so when khugepaged retracts both halves within one grace period the second call_rcu
// queues a head that is already queued. DEBUG_OBJECTS_RCU_HEAD: "ODEBUG: activate active ... object type: rcu_head", then
// "Double-freed CB"; the callback and the page leak. Correct: the merged rule, one call_rcu per page when
// the byte reaches 0 (8211dad62798, M12 <7bef5695-fa4a-7215-7e9d-d4a83161c7ab@google.com>), or v2's H
// bits chaining the two uses (M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>).
// Diff against Buggy.cs: pte_free_defer's body, and the per-half callbacks it no longer needs.
//
// Strands (merged v6.6, 8211dad62798, otherwise): tables 0 and 1 share one page; two khugepaged threads retract both
// tables with this pte_free_defer. No walker: the shared rcu_head needs none, and one would only add
// schedules in which the same bug shows as a list corruption instead (a head queued again between the
// softirq taking the first callback and that callback re-initialising lru).

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using PgtAnalyzers.Annotations;

namespace Samples.Catalogue.DoubleCallRcu;

public static class Fixed
{
    [Scenario("#6 fixed: PageActive, and one call_rcu when the page's last half is freed")]
    public static void C06_CallRcuOncePerPage(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, name: "khugepaged/0");
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred, name: "khugepaged/1");
    }

    /// <summary>v6.6's allocator with the merged pte_free_defer.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            using var frame = m.Enter("pte_free_defer");
            var page = m.VirtToPage(pgtable.Address);
            // The rcu_head is used once per page: mark the page, free the half as usual, and let the free
            // that brings the byte to 0 queue it (page_table_free, __tlb_remove_table). Active also keeps
            // the page off pgtable_list, so no half of it is handed out before that grace period ends.
            m.SetPageActive(page);
            PageTableFree(mm, pgtable);
        }
    }
}
