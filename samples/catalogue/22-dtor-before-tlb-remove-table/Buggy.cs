// SPDX-License-Identifier: GPL-2.0
// Catalogue #22 (samples/README.md, the catalogue): the pte dtor before tlb_remove_table, met by PT_RECLAIM. THIS FILE: the bug.
// HYPOTHETICAL on s390: s390 never selected CONFIG_PT_RECLAIM, and its __tlb_remove_table has always run
// the pte dtor with the free, after the grace period. The order is x86's: ___pte_free_tlb
// (arch/x86/mm/pgtable.c) called pagetable_pte_dtor, which frees a split ptlock at once, and then queued
// the page with paravirt_tlb_remove_table, until ee0934b03510 ("x86: pgtable: move pagetable_dtor() to
// __tlb_remove_table()", Qi Zheng, v6.14).
//
// PT_RECLAIM (6375e95f381e "mm: pgtable: reclaim empty PTE page in madvise(MADV_DONTNEED)", selected on
// x86-64 by 4817f70c25b6) frees an emptied pte table under mmap_read_lock, so another user of the mm,
// under its own mmap_read_lock, may have read the pmd and be about to take the table's ptl. The table page
// waits for a grace period (the batch, or the fallback's call_rcu of 718b13861d22); the ptl did not.
// syzbot, next-20241205: "KASAN: slab-use-after-free" in spin_lock from move_pages_pte (UFFDIO_MOVE maps
// with pte_offset_map_nolock and takes the same ptl), freed by ___pte_free_tlb from free_pte
// (mm/pt_reclaim.c). Both PT_RECLAIM and the fix were merged for v6.14, so no release had the bug; the
// interim fix, "mm: pgtable: make ptlock be freed by RCU" (2f3443770437 in next), was dropped for the series.
// The emulator's ptl is embedded in struct page: the walker takes a destroyed spinlock (bad-spinlock),
// where a split ptlock is freed slab memory.
// Ported: try_to_free_pte/free_pte (Drivers/PtReclaim.cs), pte_offset_map_lock (Drivers/Walkers.cs), the
// mmu_gather with CONFIG_PT_RECLAIM (the emulator's MmuGatherPrimitives, as e74e17310120 left it).
// Diff against Fixed.cs: where pagetable_pte_dtor runs.
//
// Strands (v6.8, d08d4e7cd6bf, otherwise; a kernel built with CONFIG_PT_RECLAIM): madvise(MADV_DONTNEED)
// empties and frees table 0 while a pte_offset_map_lock walker looks at region 0, each under
// mmap_read_lock.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;

namespace Samples.Catalogue.DtorBeforeTlbRemoveTable;

public static class Buggy
{
    [Scenario("#22 PT_RECLAIM frees a table whose dtor ran before tlb_remove_table: a pte_offset_map_lock walker locks a destroyed ptl",
        ExpectFinding = FindingKinds.BadSpinlock)]
    public static void C22_DtorBeforeTlbRemoveTable(Machine m)
    {
        m.SelectPtReclaim();
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(0), takePtl: true);
        PtReclaim.Start(m, pgt, space.Mm, MappedMm.AddressOf(0));
    }

    /// <summary>v6.8 with x86's order before ee0934b03510: the dtor in pte_free_tlb, the free alone after the grace period.</summary>
    private sealed class Design(Machine machine) : V68FullPage(machine)
    {
        public override void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
        {
            ArgumentNullException.ThrowIfNull(tlb);
            _ = vmaddr;
            using var frame = m.Enter("page_table_free_rcu");
            m.PgtablePteDtor(m.VirtToPage(table.Address));
            m.TlbRemoveTable(tlb, TablePointer.Tag(table, TablePointer.LowerHalf));
        }

        [NoMm]
        public override void TlbRemoveTable(ulong table)
        {
            using var frame = m.Enter("__tlb_remove_table");
            var (address, _) = TablePointer.Untag(table);
            m.FreePage(m.VirtToPage(address));
        }
    }
}
