// SPDX-License-Identifier: GPL-2.0
// Catalogue #5 (samples/README.md, the catalogue): the rcu_head/lru overlay. THIS FILE: the bug. HYPOTHETICAL: no posting
// has this pte_free_defer.
//
// In struct page, rcu_head overlays lru word for word (include/linux/mm_types.h): call_rcu() writes rcu_head.next = NULL and
// rcu_head.func over lru.next and lru.prev. The posted design with this bug is v1 (M1
// <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com>, designs/2a-V1-RcuHeadOverLru.cs); Gerald (1 June,
// quoted in M2 <175ebec8-761-c3f-2d98-6c3bd87161c8@google.com>): page->rcu_head cannot be used while
// page->lru holds the free-fragment list. This entry isolates the bug in a naive form of Gerald's
// suggestion of 8 June (M0 <20230608174756.27cace18@thinkpad-T15>): "have pte_free_defer(), which has the
// mm, do all the checks and list updates that page_table_free() does ... Then just skip the
// pgtable_pte_page_dtor() + __free_page() at the end, and do call_rcu(pte_free_now) instead". Taken
// literally, with page_table_free_rcu()'s list handling, it lists the page at the tail when the other half
// is allocated, then queues the rcu_head over the lru it just linked. DEBUG_LIST: "list_add corruption.
// next->prev should be prev" or "list_del corruption, ...->next is NULL".
// Correct: what v3 made of the same suggestion ("v3: much simpler version, following suggestion by
// Gerald"), merged as 8211dad62798: the page goes off the list and is never relisted while a half is
// deferred (PageActive), and one call_rcu per page. That is the twin.
// Diff against Fixed.cs: this pte_free_defer against merged v6.6's.
//
// Strands: tables 0 and 1 share one page; gup_fast walks region 0, khugepaged retracts its table with
// pte_free_defer, a fault allocates a table for region 2.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.RcuHeadLruOverlay;

public static class Buggy
{
    [Scenario("#5 call_rcu on the page's rcu_head while its lru is on pgtable_list",
        ExpectFinding = FindingKinds.ListCorruption, ExpectRules = new[] { "PGT102" })]
    public static void C05_CallRcuOnListedPage(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }

    /// <summary>v6.6's allocator with the naive pte_free_defer: page_table_free_rcu's list handling, then call_rcu per half.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            using var frame = m.Enter("pte_free_defer");
            var page = m.VirtToPage(pgtable.Address);
            var bit = pgtable.Half;
            m.SpinLockBh(mm.Context.Lock);
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & AA) != 0)
            {
                m.ListAddTail(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                m.ListDel(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            m.CallRcu(page.RcuHead, bit == 0 ? FreeLowerHalf : FreeUpperHalf);
        }

        /// <summary>The RCU callback of a deferred lower half: clear its P, free the page if it was the last bit.</summary>
        [NoMm]
        private void FreeLowerHalf(RcuHead head) =>
            TlbRemoveTable(TablePointer.Tag(HalfOf(Page.FromRcuHead(head), 0), TablePointer.LowerHalf));

        /// <summary>The RCU callback of a deferred upper half.</summary>
        [NoMm]
        private void FreeUpperHalf(RcuHead head) =>
            TlbRemoveTable(TablePointer.Tag(HalfOf(Page.FromRcuHead(head), 1), TablePointer.UpperHalf));
    }
}
