// SPDX-License-Identifier: GPL-2.0
// Ports the table-freeing part of munmap and exit (mm/memory.c free_pgtables/free_pte_range, mm/mmu_gather.c).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Walkers;
using Pgt.S390.Designs;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Drivers;

/// <summary>
/// munmap and exit of whole 1 MiB regions, one pte table (and one VMA) each, with the kernel's locking.
/// munmap (mm/mmap.c __vm_munmap, do_vmi_align_munmap): <c>mmap_write_lock</c>, detach the VMAs from the
/// mm's tree, <c>mmap_write_downgrade</c> ("We can free page tables without write-locking mmap_lock because
/// VMAs were isolated before we downgraded mmap_lock"), then unmap_region: <c>zap_pte_range</c> clears the
/// mapped ptes under the table's ptl, <c>free_pgtables</c> unlinks each VMA from the file's rmap
/// (<c>unlink_file_vma</c>, under <c>i_mmap_lock_write</c>) before it detaches the table and hands it to
/// <c>pte_free_tlb</c> = <c>page_table_free_rcu</c>, <c>tlb_finish_mmu</c> queues the batch for RCU, and
/// <c>mmap_read_unlock</c>. exit_mmap: the zap under <c>mmap_read_lock</c>, free_pgtables and
/// tlb_finish_mmu under <c>mmap_write_lock</c>, then the VMAs go. So the walkers left in a table being
/// freed are those that hold no lock of the mm: gup_fast, and RCU readers that found the table before.
/// The batch page's allocation may fail (an explored choice of the emulated mmu_gather): then the table
/// is freed right after an IPI, which waits for irq-off walkers only.
/// </summary>
public static class Munmap
{
    /// <summary>munmap of the regions starting at <paramref name="regions"/> (1 MiB aligned): detach, downgrade, unmap, free their tables.</summary>
    public static void UnmapRegions(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, params ulong[] regions)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        ArgumentNullException.ThrowIfNull(regions);
        using var frame = m.Enter("do_vmi_align_munmap");
        m.MmapWriteLock(mm);
        foreach (var region in regions)
        {
            m.VmaDetach(mm, region);
        }

        m.MmapWriteDowngrade(mm);
        UnmapRegion(m, pgt, mm, regions);
        m.MmapReadUnlock(mm);
    }

    /// <summary>exit_mmap of the given regions (mm/mmap.c), then the last mmput: the mm is torn down.</summary>
    public static void ExitMmap(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, params ulong[] regions)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        ArgumentNullException.ThrowIfNull(regions);
        ExitMmapRegions(m, pgt, mm, regions);
        m.Mmput(mm);
    }

    /// <summary>
    /// mmput (kernel/fork.c) by a thread that leaves the address space: the last user runs __mmput, that is
    /// exit_mmap of <paramref name="regions"/> (the regions still mapped) and mmdrop, which tears the mm down.
    /// Threads that each hold a user reference can so end in any order and the mm still exits last.
    /// </summary>
    public static void Mmput(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, params ulong[] regions)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        ArgumentNullException.ThrowIfNull(regions);
        if (m.MmUsersDecAndTest(mm))
        {
            using var frame = m.Enter("__mmput");
            ExitMmapRegions(m, pgt, mm, regions);
            m.Mmdrop(mm);
        }
    }

    private static void ExitMmapRegions(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong[] regions)
    {
        using (m.Enter("exit_mmap"))
        {
            m.MmapReadLock(mm);
            var tlb = m.TlbGatherMmu(mm, pgt.TlbRemoveTable);
            foreach (var region in regions)
            {
                ZapPteRange(m, mm, region);
            }

            m.MmapReadUnlock(mm);
            m.MmapWriteLock(mm);
            FreePgtables(m, pgt, tlb, regions);
            m.TlbFinishMmu(tlb);
            // remove_vma of each, then __mt_destroy: the tree is empty.
            foreach (var region in regions)
            {
                m.VmaDetach(mm, region);
            }

            m.MmapWriteUnlock(mm);
        }
    }

    /// <summary>Starts a "munmap" strand that unmaps <paramref name="regions"/>.</summary>
    public static StrandId Start(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong[] regions,
        string name = "munmap", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => UnmapRegions(m, pgt, mm, regions), cpu);
    }

    /// <summary>Starts an "exit" strand: exit_mmap of <paramref name="regions"/>, then mmput.</summary>
    public static StrandId StartExit(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong[] regions,
        string name = "exit", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => ExitMmap(m, pgt, mm, regions), cpu);
    }

    /// <summary>unmap_region: the zap and free_pgtables of detached VMAs, in one mmu_gather.</summary>
    private static void UnmapRegion(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong[] regions)
    {
        using var frame = m.Enter("unmap_region");
        var tlb = m.TlbGatherMmu(mm, pgt.TlbRemoveTable);
        foreach (var region in regions)
        {
            ZapPteRange(m, mm, region);
        }

        FreePgtables(m, pgt, tlb, regions);
        m.TlbFinishMmu(tlb);
    }

    /// <summary>zap_pte_range: clears every mapped pte of the region's table and counts its page out (add_mm_rss_vec).</summary>
    private static void ZapPteRange(Machine m, [RequiresMm] Mm mm, ulong region)
    {
        using var frame = m.Enter("zap_pte_range");
        var pmdp = m.PmdOffset(mm, region);
        var ptep = m.PteOffsetMapLock(mm, pmdp, region, out var ptl);
        if (ptep == 0)
        {
            return;
        }

        // The whole table, under its ptl: besides MappedMm's pages, a fault or UFFDIO_COPY may have mapped others.
        var rss = default(RssDelta);
        var values = m.PtepGetRun(ptep, PtrsPerPte);
        for (var i = 0; i < values.Length; i++)
        {
            var pte = ptep + (ulong)i * PhysicalLayout.WordSize;
            var value = values[i];
            if (!PteNone(value))
            {
                // A page-cache page stays with the file; either kind is counted out of the mm.
                m.PteClear(pte);
                rss.CountOut(m.MmCounterOf(Page.FromAddress(m, value & PhysicalLayout.PageMask)));
            }
        }

        rss.AddTo(m, mm);
        m.PteUnmapUnlock(ptep, ptl);
    }

    /// <summary>
    /// free_pgtables / free_pte_range: each VMA leaves the file's rmap ("Hide vma from rmap and
    /// truncate_pagecache before freeing pgtables": unlink_file_vma), then its table is detached and
    /// handed to pte_free_tlb.
    /// </summary>
    private static void FreePgtables(Machine m, IPgtableDesign pgt, MmuGather tlb, ulong[] regions)
    {
        using var frame = m.Enter("free_pgtables");
        foreach (var region in regions)
        {
            m.UnlinkFileVma(tlb.Mm, region);
            var pmdp = m.PmdOffset(tlb.Mm, region);
            var token = m.PmdPgtable(m.Load(pmdp, View.Pmd));
            if (token.IsNull)
            {
                continue;
            }

            m.PmdClear(pmdp);
            pgt.PageTableFreeRcu(tlb, token, region);
            m.MmDecNrPtes(tlb.Mm);
        }
    }
}
