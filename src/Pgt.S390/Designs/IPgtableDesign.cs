// SPDX-License-Identifier: GPL-2.0
// The pte-table entry points of arch/s390/mm/pgalloc.c that every design of 2023 implements.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Designs;

/// <summary>
/// One design of s390's pte-table allocator, bound to one emulated machine. The designs (v6.4, v1, the
/// gross patch, the 12 June draft, v2, merged v6.6, v6.8) differ only inside these five functions, so scenarios and drivers
/// are written once against this interface.
/// </summary>
public interface IPgtableDesign
{
    /// <summary>A short name for tests and reports, for instance <c>v6.6 PageActive</c>.</summary>
    string Name { get; }

    /// <summary><c>page_table_alloc(mm)</c>: a pte table of all <c>pte_none</c> entries.</summary>
    PteTable PageTableAlloc([RequiresMm] Mm mm);

    /// <summary>
    /// <c>page_table_free(mm, table)</c>, behind <c>pte_free()</c>: no grace period. Callers: the
    /// <c>__pte_alloc</c> race loser, <c>zap_deposited_table</c>, and khugepaged's collapse_and_free_pmd after its IPI (until v6.5).
    /// </summary>
    void PageTableFree([RequiresMm] Mm mm, PteTable table);

    /// <summary>
    /// <c>page_table_free_rcu(tlb, table, vmaddr)</c>, behind <c>pte_free_tlb()</c> (munmap, exit): the
    /// table goes to <c>tlb_remove_table</c>, and from then on must stay unmodified.
    /// </summary>
    void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr);

    /// <summary>
    /// <c>__tlb_remove_table(_table)</c>: called for each batched, tagged table pointer after the batch's
    /// grace period, or at once after the IPI when no batch page could be allocated. It has no mm.
    /// </summary>
    [NoMm]
    void TlbRemoveTable(ulong table);

    /// <summary>
    /// <c>pte_free_defer(mm, pgtable)</c> (from v6.6): free a table that lockless walkers may still be in,
    /// keeping it allocated, unreused and unmodified, ptl included, until a grace period has passed. It
    /// must not allocate memory. v6.4 has none: its implementation throws <see cref="NotSupportedException"/>.
    /// </summary>
    void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable);
}
