// SPDX-License-Identifier: GPL-2.0
// Catalogue #19 (kernel-s390.md §8): treating the IPI fallback as a grace period. THIS FILE: the bug.
//
// tlb_remove_table() needs a batch page (GFP_NOWAIT). When it cannot get one, tlb_remove_table_one()
// sends the tlb_remove_table_sync_one() IPI and calls __tlb_remove_table() at once: the source says this
// "isn't an RCU grace period". The IPI waits for irq-off walkers such as gup_fast, not for v6.5+'s
// rcu_read_lock-only pte_offset_map() walkers. On a page that is not Active, __tlb_remove_table clears the
// half's P right away and the half, listed at the tail, is handed out while such a walker is inside it.
// Merged v6.6 is safe for pte_free_defer'd halves only because an Active page always goes through call_rcu
// (its comment: page_table_free_rcu "does not actually guarantee" no reuse before a grace period). The
// pair of kernel-s390.md: a non-Active page (early reuse) against an Active one (safe); the fix here marks
// the page Active when it frees a half through mmu_gather, so the last free always goes through call_rcu.
// Diff against Fixed.cs: SetPageActive in page_table_free_rcu.
//
// Strands (v6.6 allocator otherwise): tables 0 and 1 share one page; a pte_offset_map walker (rcu_read_lock
// only) walks region 0 while the task munmaps it (mmu_gather; the batch page's allocation may fail: an
// explored choice) and then, on another thread, faults a table in for region 2.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.IpiFallbackAsGracePeriod;

public static class Buggy
{
    [Scenario("#19 no batch page: the IPI fallback frees a non-Active half under an rcu_read_lock walker",
        ExpectFinding = FindingKinds.ReuseBeforeGracePeriod)]
    public static void C19_IpiFallbackOnPlainPage(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(0), takePtl: false);
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
        });
    }

    /// <summary>v6.6 with its page_table_free_rcu written out for the diff.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
        {
            ArgumentNullException.ThrowIfNull(tlb);
            if (m.MmAllocPgste(tlb.Mm))
            {
                base.PageTableFreeRcu(tlb, table, vmaddr);
                return;
            }

            using var frame = m.Enter("page_table_free_rcu");
            var mm = tlb.Mm;
            var page = m.VirtToPage(table.Address);
            var bit = table.Half;
            m.SpinLockBh(mm.Context.Lock);
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & AA) != 0 && !m.PageActive(page))
            {
                m.ListAddTail(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                m.ListDelInit(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
        }
    }
}
