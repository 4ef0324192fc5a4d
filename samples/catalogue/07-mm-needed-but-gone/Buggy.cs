// SPDX-License-Identifier: GPL-2.0
// Catalogue #7 (kernel-s390.md §8): the mm needed but gone. THIS FILE: the bug.
//
// Hugh's rule of v2 (M6 <a948f24b-4fe6-8bc0-221a-65e9ccc8371a@google.com>, M10
// <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>): a page is never on pgtable_list while a half is
// pending; __tlb_remove_table relists it once the grace period is over. But __tlb_remove_table, like an RCU
// callback, gets no mm, so page_table_alloc records one in page->pt_mm. Gerald (M7
// <fc5cd62e-d85f-36c3-ba37-db87e8b625d@google.com>): the other half being allocated proves that mm alive
// only when the byte was read; by the time its context.lock is taken it may be freed "or even re-used as
// a different mm". KASAN: slab-use-after-free in _raw_spin_lock_bh. Correct: no relisting from the
// callback, as merged (the pending half stays listed at the tail, P keeping allocation off it), or a
// pinned or type-safe lock holder (the abandoned "13/12").
// Diff against Fixed.cs: where a pending half's page is listed, and who clears P.
//
// Strands (v6.6 allocator otherwise): tables 0 and 1 share one page; the task munmaps region 0, then exits
// on another CPU (frees table 1, drops the mm) while region 0's batch is still waiting for its grace period.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.MmNeededButGone;

public static class Buggy
{
    [Scenario("#7 __tlb_remove_table relists the page under page->pt_mm's lock after exit freed the mm",
        ExpectFinding = FindingKinds.MmAfterFree, ExpectRules = new[] { "PGT003" })]
    public static void C07_RelistUnderRecordedMm(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        });
    }

    /// <summary>v6.6's allocator; the mmu_gather path relists from __tlb_remove_table, as v2 did.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override PteTable PageTableAlloc([RequiresMm] Mm mm)
        {
            var table = base.PageTableAlloc(mm);
            // __tlb_remove_table is given no mm: remember the owner for it.
            m.Store(m.VirtToPage(table.Address).PtMm, mm.Address);
            return table;
        }

        public override void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
        {
            ArgumentNullException.ThrowIfNull(tlb);
            _ = vmaddr;
            using var frame = m.Enter("page_table_free_rcu");
            var mm = tlb.Mm;
            var page = m.VirtToPage(table.Address);
            var bit = table.Half;
            m.SpinLockBh(mm.Context.Lock);
            m.AtomicXorBits(page.Refcount, Bits(A | P, bit));
            // Never listed while a half is pending: __tlb_remove_table relists the page afterwards.
            m.ListDelInit(page.Lru);
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
            var mask = ClearPendingAndRelist(new Mm(m, m.Load(page.PtMm)), page, half);
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

        /// <summary>Clears the half's P under the mm's lock and relists the page if its other half is in use.</summary>
        private uint ClearPendingAndRelist([RequiresMm] Mm mm, Page page, uint half)
        {
            m.SpinLockBh(mm.Context.Lock);
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, half << (4 + Shift)));
            if ((mask & AA) != 0 && !m.PageActive(page))
            {
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            return mask;
        }
    }
}
