// SPDX-License-Identifier: GPL-2.0
// Ports __pte_alloc() of mm/memory.c and the set_pte of a fault, on top of a design's page_table_alloc.

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Walkers;
using Pgt.S390.Designs;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Drivers;

/// <summary>
/// How tables come into use: a fault allocates a table for an empty pmd (<c>__pte_alloc</c>), then maps
/// a page in it under the table's ptl. Run from a strand while others free tables, this is the
/// "sibling half allocated while the other is being freed" of the reuse bugs.
/// </summary>
public static class PteAlloc
{
    /// <summary>
    /// __pte_alloc(mm, pmd): allocates a table and populates the pmd under the pmd lock, unless another
    /// thread populated it first; the loser frees its new table at once with <c>pte_free</c>. Returns the
    /// table the pmd points to.
    /// </summary>
    public static PteTable PteAllocTable(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong address)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        using var frame = m.Enter("__pte_alloc");
        var table = pgt.PageTableAlloc(mm);
        var pmdp = m.PmdOffset(mm, address);
        var pml = m.PmdLock(mm, pmdp);
        var pmd = m.Load(pmdp, View.Pmd);
        var populated = PmdNone(pmd);
        if (populated)
        {
            m.MmIncNrPtes(mm);
            m.PmdPopulate(mm, pmdp, table);
        }

        m.SpinUnlock(pml);
        if (!populated)
        {
            // Another thread populated the pmd first.
            pgt.PageTableFree(mm, table);
            return m.PmdPgtable(pmd);
        }

        return table;
    }

    /// <summary>
    /// A fault that maps <paramref name="data"/> at <paramref name="address"/>: <c>pte_alloc</c> if the pmd
    /// is empty, then <c>pte_offset_map_lock</c> (the table's ptl, the pmd rechecked) and <c>set_pte</c>.
    /// When the pmd no longer maps a table by then (khugepaged retracted it after the pmd was read), the
    /// kernel's fault returns without mapping and the access faults again (do_anonymous_page/finish_fault:
    /// "if (!vmf->pte) goto release"): here the loop. Returns the table the page was mapped in.
    /// </summary>
    public static PteTable MapPage(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong address, Page data)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("handle_pte_fault");
        var pmdp = m.PmdOffset(mm, address);
        while (true)
        {
            if (PmdNone(m.PmdpGetLockless(pmdp)))
            {
                PteAllocTable(m, pgt, mm, address);
            }

            var ptep = m.PteOffsetMapLock(mm, pmdp, address, out var ptl);
            if (ptep == 0)
            {
                continue;
            }

            // set_pte_range: a read fault maps the page-cache page and counts it in.
            m.AddMmCounter(mm, MmCounter.FilePages, 1);
            m.SetPte(ptep, MkPte(data));
            m.PteUnmapUnlock(ptep, ptl);
            return new PteTable(m, ptep - (ulong)PteIndex(address) * PhysicalLayout.WordSize);
        }
    }

    /// <summary>
    /// Starts a strand that faults a new page in at <paramref name="address"/>, under <c>mmap_read_lock</c>
    /// as <c>handle_mm_fault</c> runs: khugepaged's collapse_and_free_pmd (until v6.5) kept it out with <c>mmap_write_lock</c>.
    /// </summary>
    public static StrandId StartFault(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong address,
        string name = "fault", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () =>
        {
            // handle_mm_fault after lock_mm_and_find_vma: no VMA, no fault (SIGSEGV).
            m.MmapReadLock(mm);
            if (m.FindVma(mm, address))
            {
                MapPage(m, pgt, mm, address, m.AllocPage());
            }

            m.MmapReadUnlock(mm);
        }, cpu);
    }
}
