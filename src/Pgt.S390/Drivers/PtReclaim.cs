// SPDX-License-Identifier: GPL-2.0
// Ports the empty page-table reclaim of madvise(MADV_DONTNEED) (CONFIG_PT_RECLAIM, v6.14, 6375e95f381e: mm/pt_reclaim.c
// try_to_free_pte / free_pte, called at the end of zap_pte_range; Qi Zheng, "mm: pgtable: reclaim empty PTE
// page in madvise(MADV_DONTNEED)").

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Walkers;
using Pgt.S390.Designs;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Drivers;

/// <summary>
/// PT_RECLAIM: <c>madvise(MADV_DONTNEED)</c> zaps a pmd-sized range and, finding its pte table empty, frees
/// the table through <c>pte_free_tlb</c>, all under <c>mmap_read_lock</c>. That is new: until then page
/// tables were freed only with the VMA detached (munmap, exit) or by khugepaged, so a <c>pte_offset_map_lock</c>
/// user of the same mm under its own <c>mmap_read_lock</c> (a fault, a /proc walk) can now be inside a table
/// being freed, and the table's ptl must outlive it. At v6.14 only x86-64 selects ARCH_SUPPORTS_PT_RECLAIM;
/// s390 never did, and its <c>__tlb_remove_table</c> has always run the dtor (which frees the ptl) after
/// the grace period. Catalogue #22 runs it on a kernel built with CONFIG_PT_RECLAIM
/// (<see cref="Machine.SelectPtReclaim"/>), whose no-batch fallback frees through call_rcu.
/// </summary>
public static class PtReclaim
{
    /// <summary>
    /// madvise_dontneed_single_vma over the region at <paramref name="region"/> (the caller holds
    /// <c>mmap_read_lock</c>): zap its ptes, reclaim its table if empty, finish the mmu_gather. Returns
    /// whether the table was freed.
    /// </summary>
    public static bool MadviseDontneed(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong region)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        using var frame = m.Enter("madvise_dontneed_single_vma");
        var tlb = m.TlbGatherMmu(mm, pgt.TlbRemoveTable);
        var pmdp = m.PmdOffset(mm, region);
        ZapPteRange(m, mm, pmdp, region);
        var freed = TryToFreePte(m, pgt, mm, pmdp, region, tlb);
        m.TlbFinishMmu(tlb);
        return freed;
    }

    /// <summary>Starts a strand doing MADV_DONTNEED of <paramref name="region"/> under <c>mmap_read_lock</c>.</summary>
    public static StrandId Start(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong region,
        string name = "madvise", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () =>
        {
            m.MmapReadLock(mm);
            if (m.FindVma(mm, region))
            {
                MadviseDontneed(m, pgt, mm, region);
            }

            m.MmapReadUnlock(mm);
        }, cpu);
    }

    /// <summary>zap_pte_range over the whole table, under its ptl.</summary>
    private static void ZapPteRange(Machine m, [RequiresMm] Mm mm, ulong pmdp, ulong region)
    {
        using var frame = m.Enter("zap_pte_range");
        var ptep = m.PteOffsetMapLock(mm, pmdp, region, out var ptl);
        if (ptep == 0)
        {
            return;
        }

        var rss = default(RssDelta);
        for (var i = 0; i < PtrsPerPte; i++)
        {
            var pte = ptep + (ulong)i * PhysicalLayout.WordSize;
            var value = m.PtepGet(pte);
            if (!PteNone(value))
            {
                m.PteClear(pte);
                rss.CountOut(m.MmCounterOf(Page.FromAddress(m, value & PhysicalLayout.PageMask)));
            }
        }

        rss.AddTo(m, mm);
        m.PteUnmapUnlock(ptep, ptl);
    }

    /// <summary>
    /// try_to_free_pte: under the pmd lock and the table's ptl, an all-<c>pte_none</c> table is detached
    /// (<c>pmd_clear</c>) and handed to <c>free_pte</c> = <c>pte_free_tlb</c>.
    /// </summary>
    private static bool TryToFreePte(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong pmdp, ulong address, MmuGather tlb)
    {
        using var frame = m.Enter("try_to_free_pte");
        var pml = m.PmdLock(mm, pmdp);
        // pte_offset_map_rw_nolock: the table under rcu_read_lock, its ptl not taken.
        var startPte = m.PteOffsetMapNoLock(mm, pmdp, address & ~((1UL << PmdShift) - 1), out var pmdval);
        if (startPte == 0)
        {
            m.SpinUnlock(pml);
            return false;
        }

        var ptl = m.PteLockptr(mm, pmdval);
        if (ptl != pml)
        {
            m.SpinLock(ptl);
        }

        var empty = true;
        for (var i = 0; i < PtrsPerPte && empty; i++)
        {
            empty = PteNone(m.PtepGet(startPte + (ulong)i * PhysicalLayout.WordSize));
        }

        if (!empty)
        {
            m.PteUnmap(startPte);
            if (ptl != pml)
            {
                m.SpinUnlock(ptl);
            }

            m.SpinUnlock(pml);
            return false;
        }

        m.PteUnmap(startPte);
        m.PmdClear(pmdp);
        if (ptl != pml)
        {
            m.SpinUnlock(ptl);
        }

        m.SpinUnlock(pml);
        // free_pte: pte_free_tlb(tlb, pmd_pgtable(pmdval), addr), then mm_dec_nr_ptes.
        pgt.PageTableFreeRcu(tlb, m.PmdPgtable(pmdval), address);
        m.MmDecNrPtes(mm);
        return true;
    }
}
