// SPDX-License-Identifier: GPL-2.0
// Catalogue #7 (samples/README.md, the catalogue): the mm needed but gone. THIS FILE: the fix.
//
// Hugh's rule in his untested draft of 12 June (M6 <a948f24b-4fe6-8bc0-221a-65e9ccc8371a@google.com>,
// src/Pgt.S390/Designs/V2DraftPtMm.cs): a page is never on pgtable_list while a half is pending;
// __tlb_remove_table relists it once the grace period is over. But __tlb_remove_table, like an RCU
// callback, gets no mm, so page_table_alloc records one in page->pt_mm, and __tlb_remove_table takes that
// mm's context.lock only after reading the other half's A bit. The draft itself asks "what guarantees that
// it has not already been freed before we take its context.lock?"; Gerald (M17
// <20230614153042.43a52187@thinkpad-T15>, quoted in M7 <fc5cd62e-d85f-36c3-ba37-db87e8b625d@google.com>):
// it may be freed "or even re-used as a different mm". The bug is the window between that read and the
// lock: exit frees the other half and the mm in between. KASAN: slab-use-after-free in _raw_spin_lock_bh.
// Correct: v2 (M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>) took a global lock that outlives
// every mm and rechecks A under it (designs/4b-V2-GlobalListLock.cs); merged v6.6 (8211dad62798) relists
// nothing from the callback, the pending half staying listed at the tail with P keeping allocation off it.
// That is the twin.
// Diff against Buggy.cs: where a pending half's page is listed, and who clears P.
//
// Strands (merged v6.6, 8211dad62798, otherwise): tables 0 and 1 share one page; the task munmaps region 0, then exits
// on another CPU (frees table 1, drops the mm) while region 0's batch is still waiting for its grace period.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.MmNeededButGone;

public static class Fixed
{
    [Scenario("#7 fixed: the pending half stays listed at the tail; __tlb_remove_table needs no mm")]
    public static void C07_NoRelistFromCallback(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        });
    }

    /// <summary>v6.6's allocator; its mmu_gather path, written out for the diff.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
        {
            ArgumentNullException.ThrowIfNull(tlb);
            _ = vmaddr;
            using var frame = m.Enter("page_table_free_rcu");
            var mm = tlb.Mm;
            var page = m.VirtToPage(table.Address);
            var bit = table.Half;
            m.SpinLockBh(mm.Context.Lock);
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & AA) != 0 && !m.PageActive(page))
            {
                // Listed now, at the tail: P keeps page_table_alloc off this half until the grace period ends.
                m.ListAddTail(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                m.ListDelInit(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
        }

        [NoMm]
        public override void TlbRemoveTable(ulong table)
        {
            var (address, half) = TablePointer.Untag(table);
            if (half is not (TablePointer.LowerHalf or TablePointer.UpperHalf))
            {
                base.TlbRemoveTable(table);
                return;
            }

            using var frame = m.Enter("__tlb_remove_table");
            var page = m.VirtToPage(address);
            // No lock and no mm: P is not guarded by context.lock, and the page is already where it belongs.
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, half << (4 + Shift)));
            if (mask != 0)
            {
                return;
            }

            ReleaseCheck.PageTableReleaseCheck(m, page, address, half, mask, checkListed: true);
            ListAssertions.AssumeOffList(page.Lru);
            if (m.TestClearPageActive(page))
            {
                m.CallRcu(page.RcuHead, PteFreeNow);
            }
            else
            {
                PteFreeNow(page.RcuHead);
            }
        }
    }
}
