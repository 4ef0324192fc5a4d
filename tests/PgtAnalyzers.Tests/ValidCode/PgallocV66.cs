// SPDX-License-Identifier: GPL-2.0
// The merged s390 page-table free paths of v6.6 (arch/s390/mm/pgalloc.c after commit 8211dad62798),
// written against the stand-in types: 2K fragments in a 4K page, "PP AA" bits in the top byte of
// _refcount, PageActive marking a page whose free was deferred, one call_rcu when both halves are free.
using PgtAnalyzers.Annotations;
using StandIn;
using static StandIn.Kernel;
using static ValidCode.Primitives;

namespace ValidCode
{
    internal static class PgallocV66
    {
        /// <summary>page_table_alloc(): reuse a free half listed on mm->context.pgtable_list, else a fresh page.</summary>
        public static PteTable PageTableAlloc([RequiresMm] Mm mm)
        {
            if (!mm.HasPgste)
            {
                PteTable? reused = null;
                SpinLock(mm);
                var page = FirstListedPage(mm.Context.PgtableList);
                if (page is not null)
                {
                    var mask = AtomicRead(page) >> 24;

                    // The pending removal bits must also be checked: pending and allocated are exclusive.
                    mask = (mask | (mask >> 4)) & 0x03U;
                    if (mask != 0x03U)
                    {
                        reused = page.Table;
                        var bit = (int)(mask & 1);
                        AtomicXorBits(page, 0x01U << (bit + 24));
                        ListDelInit(page.Lru);
                    }
                }

                SpinUnlock(mm);
                if (reused is not null)
                {
                    return reused;
                }
            }

            var fresh = AllocPage();
            var table = fresh.Table;
            if (mm.HasPgste)
            {
                AtomicXorBits(fresh, 0x03U << 24);
                Memset64(table.Words, PageInvalid, PtrsPerPte);
            }
            else
            {
                // Return the first 2K fragment; the second is listed for the next allocation.
                AtomicXorBits(fresh, 0x01U << 24);
                Memset64(table.Words, PageInvalid, 2 * PtrsPerPte);
                SpinLock(mm);
                ListAdd(fresh.Lru, mm.Context.PgtableList);
                SpinUnlock(mm);
            }

            return table;
        }

        /// <summary>page_table_free(): mark the half free; free the page when both halves are.</summary>
        public static void PageTableFree([RequiresMm] Mm mm, PteTable table)
        {
            var page = Page.FromTable(table);
            uint mask;
            uint half;
            if (!mm.HasPgste)
            {
                var bit = HalfOf(table);
                SpinLock(mm);

                // Set P before the list operation, so a concurrent alloc cannot take this half back.
                mask = AtomicXorBits(page, 0x11U << (bit + 24)) >> 24;
                if ((mask & 0x03U) != 0 && !page.Active)
                {
                    // Other half allocated and no free deferred: list this half for reuse once P clears.
                    ListAdd(page.Lru, mm.Context.PgtableList);
                }
                else
                {
                    // If the page was on pgtable_list, remove it now.
                    ListDelInit(page.Lru);
                }

                SpinUnlock(mm);
                mask = AtomicXorBits(page, 0x10U << (bit + 24)) >> 24;
                if (mask != 0x00U)
                {
                    return;
                }

                half = 0x01U << bit;
            }
            else
            {
                half = 0x03U;
                mask = AtomicXorBits(page, 0x03U << 24) >> 24;
            }

            PageTableReleaseCheck(page, table, half, mask);
            if (TestClearPageActive(page))
            {
                // An Active page is never relisted, and both halves are free here: lru is not in use.
                AssumeOffList(page.Lru);
                CallRcu(page.RcuHead, PteFreeNow);
            }
            else
            {
                PagetableFree(page);
            }
        }

        /// <summary>pte_free_defer(): the table may still be walked by gup_fast until a grace period ends.</summary>
        public static void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            var page = Page.FromTable(pgtable);

            // SetPageActive: page_table_free() then neither relists the page nor frees it at once.
            page.Active = true;
            PageTableFree(mm, pgtable);
        }

        /// <summary>pte_free_now(): the RCU callback; no mm exists here.</summary>
        [NoMm]
        public static void PteFreeNow(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            RcuHeadDone(head);
            PagetableFree(page);
        }

        /// <summary>page_table_free_rcu(): the mmu_gather path; the half goes to tlb_remove_table.</summary>
        public static void PageTableFreeRcu(MmuGather tlb, PteTable table)
        {
            var mm = tlb.Mm;
            var page = Page.FromTable(table);
            if (mm.HasPgste)
            {
                TlbRemoveTableQueue(tlb, table, 0x03U);
                return;
            }

            var bit = HalfOf(table);
            SpinLock(mm);
            var mask = AtomicXorBits(page, 0x11U << (bit + 24)) >> 24;
            if ((mask & 0x03U) != 0 && !page.Active)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                ListDelInit(page.Lru);
            }

            SpinUnlock(mm);
            TlbRemoveTableQueue(tlb, table, 0x01U << bit);
        }

        /// <summary>tlb_remove_table(): the table is freed after the TLB flush and a grace period.</summary>
        public static void TlbRemoveTableQueue(MmuGather tlb, [DeferredFree] PteTable table, uint half)
        {
        }

        /// <summary>__tlb_remove_table(): runs from RCU after the flush, with no mm.</summary>
        [NoMm]
        public static void TlbRemoveTable(PteTable table, uint half)
        {
            var page = Page.FromTable(table);
            uint mask;
            if (half == 0x03U)
            {
                mask = AtomicXorBits(page, 0x03U << 24) >> 24;
            }
            else
            {
                mask = AtomicXorBits(page, half << (4 + 24)) >> 24;
                if (mask != 0x00U)
                {
                    return;
                }
            }

            PageTableReleaseCheck(page, table, half, mask);
            if (TestClearPageActive(page))
            {
                AssumeOffList(page.Lru);
                CallRcu(page.RcuHead, PteFreeNow);
            }
            else
            {
                PagetableFree(page);
            }
        }
    }
}
