// SPDX-License-Identifier: GPL-2.0
// Catalogue #10 (samples/README.md, the catalogue): the 2K pgtable release race. THIS FILE: the fix.
//
// Commit c2c224932fd0 "s390/mm: fix 2KB pgtable release race" (M15): page_table_free() used to clear only
// the half's A bit, under context.lock, then do its list operation. __tlb_remove_table() clears the other
// half's P bit without any lock (after the batch's grace period, or right after the IPI when no batch
// page could be allocated), and whoever brings the byte to 0 frees the page: here the other half, while
// page_table_free is still in list_del(&page->lru), so a freed page stays on pgtable_list. KASAN:
// use-after-free, or DEBUG_LIST; here the page release check finds the page still listed. The fix sets
// P with A in one xor, keeps it across the list operation, and clears it afterwards.
// Diff against Buggy.cs: page_table_free's xor.
//
// Strands (v6.4, pgalloc.c blob 66ab68db9842, otherwise): tables 0 and 1 share one page; munmap frees table 1 through
// mmu_gather while khugepaged (before v6.5: mmap_write_lock, the IPI, then pte_free) frees table 0.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.ReleaseRace;

public static class Fixed
{
    [Scenario("#10 fixed: page_table_free holds P across its list operation (c2c224932fd0)")]
    public static void C10_FreeHoldsPAcrossListOp(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.MmapWriteLockedIpi);
    }

    /// <summary>v6.4 with page_table_free as fixed by c2c224932fd0, written out for the diff.</summary>
    private sealed class Design(Machine machine) : V64(machine)
    {
        public override void PageTableFree([RequiresMm] Mm mm, PteTable table)
        {
            if (m.MmAllocPgste(mm))
            {
                base.PageTableFree(mm, table);
                return;
            }

            using var frame = m.Enter("page_table_free");
            var page = m.VirtToPage(table.Address);
            var bit = table.Half;
            m.SpinLockBh(mm.Context.Lock);
            // A off and P on in one step: P keeps the byte non-zero across the list operation, so the other
            // half's __tlb_remove_table cannot free the page under our list_del.
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & AA) != 0)
            {
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                m.ListDel(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(P, bit)));
            if (mask != 0)
            {
                return;
            }

            ReleaseCheck.PageTableReleaseCheck(m, page, table.Address, OfHalf(A, bit), mask, checkListed: false);
            m.PgtablePteDtor(page);
            m.FreePage(page);
        }
    }
}
