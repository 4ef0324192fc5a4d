// SPDX-License-Identifier: GPL-2.0
// Catalogue #22 (samples/README.md, the catalogue): the pte dtor before tlb_remove_table, met by PT_RECLAIM. THIS FILE: the fix.
//
// ee0934b03510 ("x86: pgtable: move pagetable_dtor() to __tlb_remove_table()", Qi Zheng, v6.14; the
// series "move pagetable_*_dtor() to __tlb_remove_table()", v5 8 January 2025, ending with the generic
// __tlb_remove_table and pagetable_dtor_free of 2dccdf7076f6 and 553e77529fb6): "so that ptlock and page
// table pages can be freed together (regardless of whether RCU is used)". This is also the order s390's
// own __tlb_remove_table has always had (v6.8, d08d4e7cd6bf, ported as V68FullPage): a pte_offset_map_lock
// walker that read the pmd before PT_RECLAIM cleared it holds rcu_read_lock, so the ptl it takes lives
// until the walker rechecks the pmd and backs off.
// Ported: try_to_free_pte/free_pte (Drivers/PtReclaim.cs), pte_offset_map_lock (Drivers/Walkers.cs), the
// mmu_gather with CONFIG_PT_RECLAIM (the emulator's MmuGatherPrimitives, as e74e17310120 left it: without
// a batch page, the table alone through call_rcu).
// Diff against Buggy.cs: where pagetable_pte_dtor runs.
//
// Strands (v6.8, d08d4e7cd6bf, otherwise; a kernel built with CONFIG_PT_RECLAIM): madvise(MADV_DONTNEED)
// empties and frees table 0 while a pte_offset_map_lock walker looks at region 0, each under
// mmap_read_lock.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;

namespace Samples.Catalogue.DtorBeforeTlbRemoveTable;

public static class Fixed
{
    [Scenario("#22 fixed: the dtor runs in __tlb_remove_table, after the grace period, with the free")]
    public static void C22_DtorInTlbRemoveTable(Machine m)
    {
        m.SelectPtReclaim();
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(0), takePtl: true);
        PtReclaim.Start(m, pgt, space.Mm, MappedMm.AddressOf(0));
    }

    /// <summary>v6.8, whose order ee0934b03510 gave x86: pte_free_tlb only queues, __tlb_remove_table runs the dtor and frees.</summary>
    private sealed class Design(Machine machine) : V68FullPage(machine)
    {
        public override void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
        {
            ArgumentNullException.ThrowIfNull(tlb);
            _ = vmaddr;
            using var frame = m.Enter("page_table_free_rcu");
            m.TlbRemoveTable(tlb, TablePointer.Tag(table, TablePointer.LowerHalf));
        }

        [NoMm]
        public override void TlbRemoveTable(ulong table)
        {
            using var frame = m.Enter("__tlb_remove_table");
            var (address, _) = TablePointer.Untag(table);
            var page = m.VirtToPage(address);
            m.PgtablePteDtor(page);
            m.FreePage(page);
        }
    }
}
