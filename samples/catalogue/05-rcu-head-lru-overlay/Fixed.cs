// SPDX-License-Identifier: GPL-2.0
// Catalogue #5 (kernel-s390.md §8): the rcu_head/lru overlay. THIS FILE: the fix.
//
// In struct page, rcu_head overlays lru word for word (§2): call_rcu() writes rcu_head.next = NULL and
// rcu_head.func over lru.next and lru.prev. v1 (M1 <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com>)
// queued page->rcu_head while the page could still be on mm->context.pgtable_list; Gerald (06-01, quoted
// in M2 <175ebec8-761-c3f-2d98-6c3bd87161c8@google.com>): page->rcu_head cannot be used while page->lru
// holds the free-fragment list. This pte_free_defer is page_table_free_rcu() with the page's own
// rcu_head instead of an mmu_gather batch: when the other half is allocated it lists the page (at the
// tail: P keeps this half from being handed out), then queues the rcu_head over the lru it just linked.
// DEBUG_LIST: "list_add corruption. next->prev should be prev" or "list_del corruption, ...->next is NULL".
// Correct: list_del_init before call_rcu, and never relist the page while the half is pending.
// Diff against Buggy.cs: the list operation before call_rcu. (Still one rcu_head per page: deferring both
// halves at once is catalogue #6.)
//
// Strands (v6.6 allocator otherwise): tables 0 and 1 share one page; gup_fast walks region 0,
// khugepaged retracts its table with this pte_free_defer, a fault allocates a table for region 2.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.RcuHeadLruOverlay;

public static class Fixed
{
    [Scenario("#5 fixed: list_del_init before call_rcu, no relisting while the half is pending")]
    public static void C05_ListDelInitBeforeCallRcu(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }

    /// <summary>v6.6's allocator with a per-half pte_free_defer on the page's rcu_head.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            using var frame = m.Enter("pte_free_defer");
            var page = m.VirtToPage(pgtable.Address);
            var bit = pgtable.Half;
            m.SpinLockBh(mm.Context.Lock);
            m.AtomicXorBits(page.Refcount, Bits(A | P, bit));
            // lru must be idle while rcu_head, its overlay, is queued: unlist the page. Nothing relists it
            // while this half is pending: the free paths list a page only when its other half is allocated.
            m.ListDelInit(page.Lru);

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
