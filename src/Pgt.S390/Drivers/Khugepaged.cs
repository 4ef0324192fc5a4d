// SPDX-License-Identifier: GPL-2.0
// Ports the table-freeing tail of khugepaged (mm/khugepaged.c): collapse_pte_mapped_thp and retract_page_tables as
// merged for v6.6 (1d65b771bc08, 1043173eb5eb, a98460494b16) and collapse_and_free_pmd (until v6.5).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Walkers;
using Pgt.S390.Designs;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Drivers;

/// <summary>The mapping khugepaged collapses, as far as the locking of collapse_pte_mapped_thp depends on it.</summary>
public enum CollapseVma
{
    /// <summary>A shared file mapping, or one not armed for userfaultfd: the huge page's lock keeps new ptes out.</summary>
    Plain,

    /// <summary>A private mapping armed for userfaultfd, collapsed by the code since a98460494b16: pmd lock first.</summary>
    UffdArmedPrivate,

    /// <summary>The same mapping collapsed by the code before a98460494b16: the ptl is dropped, UFFDIO_COPY can get in.</summary>
    UffdArmedPrivateBeforeFix,
}

/// <summary>How khugepaged frees the pte table it detaches from a pmd that a huge page now maps.</summary>
public enum RetractKind
{
    /// <summary>v6.6 on: no mmap_lock (retract_page_tables holds only i_mmap_lock), then <c>pte_free_defer</c>.</summary>
    LocklessDeferred,

    /// <summary>Catalogue #2: the same lockless retract, but <c>pte_free</c> at once: the half is reusable while walkers are in it.</summary>
    LocklessImmediate,

    /// <summary>Until v6.5 (<c>collapse_and_free_pmd</c>): under <c>mmap_write_lock</c>, the IPI of <c>tlb_remove_table_sync_one</c>, then <c>pte_free</c>.</summary>
    MmapWriteLockedIpi,
}

/// <summary>
/// khugepaged replacing the pte table of a 1 MiB region by a pmd mapping: clear the ptes under the
/// table's ptl, detach the table with <c>pmdp_collapse_flush</c> under the pmd lock (an IDTE on s390: no
/// IPI, so irq-off walkers are not waited for), then free it as <see cref="RetractKind"/> says. From the
/// detach to the end of the grace period walkers may still be inside the table (W3).
/// </summary>
public static class Khugepaged
{
    /// <summary>
    /// Retracts the table of the region containing <paramref name="address"/>; returns it (detached and freed),
    /// or a null table when there was nothing to retract or the collapse aborted.
    /// <paramref name="vma"/> says whether the region is a userfaultfd-armed private mapping, where
    /// <c>UFFDIO_COPY</c> can insert a pte without the huge page's lock (collapse_pte_mapped_thp since
    /// a98460494b16 then takes the pmd lock before clearing the ptes), and whether to run the code before that fix.
    /// collapse_pte_mapped_thp (every <paramref name="vma"/> but <see cref="CollapseVma.Plain"/>) aborts
    /// unless each pte it clears maps the huge page's own subpage (<c>hpage + i != page</c>):
    /// <paramref name="hugePage"/> is its first page. The emulator's huge page is the region's
    /// <see cref="MappedMm.PagesPerTable"/> page-cache pages, so a pte beyond them never maps a subpage.
    /// </summary>
    public static PteTable Retract(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong address, RetractKind kind,
        CollapseVma vma = CollapseVma.Plain, Page? hugePage = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        if (vma != CollapseVma.Plain && hugePage is null)
        {
            throw new ArgumentException("collapse_pte_mapped_thp checks every pte against the huge page: pass it", nameof(hugePage));
        }

        using var frame = m.Enter(kind == RetractKind.MmapWriteLockedIpi ? "collapse_and_free_pmd"
            : vma == CollapseVma.Plain ? "retract_page_tables" : "collapse_pte_mapped_thp");
        var table = LockVma(m, mm, address, kind, vma)
            ? CollapseLocked(m, pgt, mm, address, kind, vma, vma == CollapseVma.Plain ? null : hugePage)
            : new PteTable(m, 0); // The VMA is gone (munmap detached it, or free_pgtables unlinked it from the file).
        UnlockVma(m, mm, kind, vma);
        return table;
    }

    /// <summary>
    /// retract_page_tables(mapping, pgoff) since 1d65b771bc08: under one <c>i_mmap_lock_read</c>, every VMA of
    /// the file that maps the collapsed offset (vma_interval_tree_foreach), here the regions of
    /// <paramref name="addresses"/> still linked to the file, each as far as a page table is there
    /// (find_pmd_or_thp_or_none). After mremap's copy_vma the file has two such VMAs, the old one and the new.
    /// Returns the tables it detached.
    /// </summary>
    public static IReadOnlyList<PteTable> RetractPageTables(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm,
        params ulong[] addresses)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        ArgumentNullException.ThrowIfNull(addresses);
        using var frame = m.Enter("retract_page_tables");
        var retracted = new List<PteTable>();
        m.IMmapLockRead(mm);
        foreach (var address in addresses)
        {
            if (m.VmaLinkedToFile(mm, address))
            {
                // find_pmd_or_thp_or_none, a lockless look: mremap may have moved the table away.
                var seen = m.PmdpGetLockless(m.PmdOffset(mm, address));
                if (!PmdNone(seen) && !PmdLarge(seen))
                {
                    retracted.Add(CollapseLocked(m, pgt, mm, address, RetractKind.LocklessDeferred, CollapseVma.Plain, null));
                }
            }
        }

        m.IMmapUnlockRead(mm);
        return retracted;
    }

    /// <summary>Starts a "khugepaged" strand running <see cref="RetractPageTables"/> over <paramref name="addresses"/>.</summary>
    public static StrandId StartRetractPageTables(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong[] addresses,
        string name = "khugepaged", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => RetractPageTables(m, pgt, mm, addresses), cpu);
    }

    /// <summary>
    /// The collapse of one VMA's pmd, with the VMA's lock held: clear the ptes, detach the table and free it.
    /// The kernel first checks that the pmd points to a page table (find_pmd_or_thp_or_none). <see cref="Retract"/>
    /// skips that look: with the drivers' locking its region's table cannot be gone once the VMA is found
    /// (munmap and exit unlink the VMA first, under the lock the collapse holds), so it would only add a
    /// scheduling point; <see cref="RetractPageTables"/> makes it, because mremap can move a table away
    /// from a VMA still linked to the file. collapse_pte_mapped_thp's step 1 (the same check as step 2,
    /// under the ptl, before the mmu notifier) is left out: whatever it aborts on, step 2 aborts on too.
    /// Returns the detached table, or a null table when step 2 aborted (<paramref name="hugePage"/> given).
    /// </summary>
    private static PteTable CollapseLocked(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong address,
        RetractKind kind, CollapseVma vma, Page? hugePage)
    {
        var pmdp = m.PmdOffset(mm, address);
        Spinlock pml;
        Spinlock ptl;
        int nrPtes;
        if (vma == CollapseVma.UffdArmedPrivate)
        {
            // a98460494b16: "userfaultfd's mfill_atomic_pte() on a private VMA inserts a valid as-if-COWed PTE
            // without even looking up page cache ... so uffd private needs pml taken now", and the ptl is
            // not dropped between clearing the ptes and pmdp_collapse_flush.
            pml = m.PmdLock(mm, pmdp);
            ptl = m.PteLockptr(mm, m.Load(pmdp, View.Pmd));
            if (ptl != pml)
            {
                m.SpinLock(ptl);
            }

            nrPtes = ClearMappedPtes(m, PageTablePrimitives.PteOffset(m.Load(pmdp, View.Pmd), address), hugePage);
            if (nrPtes < 0)
            {
                Abort(m, mm, -nrPtes - 1, 0, ptl, pml);
                return new PteTable(m, 0);
            }

            CountOut(m, mm, nrPtes);
        }
        else
        {
            // Plain VMAs since a98460494b16, and every VMA before it: the ptl is dropped between clearing the
            // ptes and taking the pmd lock. The huge page's lock keeps page-cache faults out of that window;
            // UFFDIO_COPY into a private uffd-armed VMA is not kept out (CollapseVma.UffdArmedPrivateBeforeFix:
            // "Huge page lock is still held, so page table must remain empty").
            var ptep = m.PteOffsetMapLock(mm, pmdp, address, out ptl);
            nrPtes = ptep == 0 ? 0 : ClearMappedPtes(m, ptep, hugePage);
            if (nrPtes < 0)
            {
                Abort(m, mm, -nrPtes - 1, ptep, ptl, null);
                return new PteTable(m, 0);
            }

            if (ptep != 0)
            {
                m.PteUnmapUnlock(ptep, ptl);
            }

            // Step 3 (for retract_page_tables, try_to_unmap counted them out before).
            CountOut(m, mm, nrPtes);
            pml = m.PmdLock(mm, pmdp);
            ptl = m.PteLockptr(mm, m.Load(pmdp, View.Pmd));
            // s390 splits pmd locks: the table's own ptl nests inside the pmd table's.
            if (ptl != pml)
            {
                m.SpinLock(ptl);
            }
        }

        var nested = ptl != pml;
        var pgtPmd = m.PmdpCollapseFlush(pmdp);
        if (nested)
        {
            m.SpinUnlock(ptl);
        }

        m.SpinUnlock(pml);
        var table = m.PmdPgtable(pgtPmd);
        m.MmDecNrPtes(mm);
        switch (kind)
        {
            case RetractKind.LocklessDeferred:
                pgt.PteFreeDefer(mm, table);
                break;
            case RetractKind.LocklessImmediate:
                pgt.PageTableFree(mm, table);
                break;
            default:
                // "except for hardware page table walks and lockless_pages_from_mm()": those are irq-off,
                // so the IPI waits them out; mmap_write_lock keeps out every other walker.
                m.TlbRemoveTableSyncOne();
                pgt.PageTableFree(mm, table);
                break;
        }

        return table;
    }

    /// <summary>Step 3: <c>add_mm_counter(mm, mm_counter_file(folio), -nr_ptes)</c> for the ptes cleared.</summary>
    private static void CountOut(Machine m, [RequiresMm] Mm mm, int nrPtes)
    {
        if (nrPtes > 0)
        {
            m.AddMmCounter(mm, MmCounter.FilePages, -nrPtes);
        }
    }

    /// <summary>
    /// collapse_pte_mapped_thp's abort, with the ptl (and <paramref name="pml"/> on the uffd-private path)
    /// held (and the table mapped at <paramref name="mappedPte"/> by pte_offset_map_lock, else 0): the ptes
    /// already cleared are flushed and counted out, the locks dropped, the table kept.
    /// </summary>
    private static void Abort(Machine m, [RequiresMm] Mm mm, int nrPtes, ulong mappedPte, Spinlock ptl, Spinlock? pml)
    {
        if (nrPtes > 0)
        {
            TlbFlush.TlbFlushMmLazy(m, mm); // s390's flush_tlb_mm
            CountOut(m, mm, nrPtes);
        }

        if (mappedPte != 0)
        {
            m.PteUnmapUnlock(mappedPte, ptl);
        }
        else
        {
            m.SpinUnlock(ptl);
        }
        if (pml is { } held && held != ptl)
        {
            m.SpinUnlock(held);
        }
    }

    /// <summary>
    /// Takes what the kernel's path holds and finds the VMA: until v6.5 collapse_and_free_pmd ran under
    /// <c>mmap_write_lock</c>; since 1d65b771bc08 retract_page_tables holds only <c>i_mmap_lock_read</c> and
    /// walks the file's VMAs (vma_interval_tree_foreach), and collapse_pte_mapped_thp runs under
    /// <c>mmap_read_lock</c> (mmap_assert_locked) and looks its VMA up. Returns whether the VMA is there.
    /// </summary>
    private static bool LockVma(Machine m, [RequiresMm] Mm mm, ulong address, RetractKind kind, CollapseVma vma)
    {
        if (kind == RetractKind.MmapWriteLockedIpi)
        {
            m.MmapWriteLock(mm);
            return m.FindVma(mm, address);
        }

        if (vma != CollapseVma.Plain)
        {
            m.MmapReadLock(mm);
            return m.FindVma(mm, address);
        }

        m.IMmapLockRead(mm);
        return m.VmaLinkedToFile(mm, address);
    }

    private static void UnlockVma(Machine m, Mm mm, RetractKind kind, CollapseVma vma)
    {
        if (kind == RetractKind.MmapWriteLockedIpi)
        {
            m.MmapWriteUnlock(mm);
        }
        else if (vma != CollapseVma.Plain)
        {
            m.MmapReadUnlock(mm);
        }
        else
        {
            m.IMmapUnlockRead(mm);
        }
    }

    /// <summary>Starts a "khugepaged" strand that retracts the table of <paramref name="address"/>'s region.</summary>
    public static StrandId Start(Machine m, IPgtableDesign pgt, [RequiresMm] Mm mm, ulong address, RetractKind kind,
        string name = "khugepaged", int? cpu = null, CollapseVma vma = CollapseVma.Plain)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => Retract(m, pgt, mm, address, kind, vma), cpu);
    }

    /// <summary>
    /// Step 2, with the ptl held: clears the mapped ptes, so the detached table is all pte_none and a walker's
    /// pte recheck fails safely (Jann, M14). With <paramref name="hugePage"/> (collapse_pte_mapped_thp), a pte
    /// that maps anything but the huge page's subpage <c>i</c> aborts: returns -(ptes cleared before it) - 1.
    /// Otherwise returns how many it cleared.
    /// </summary>
    private static int ClearMappedPtes(Machine m, ulong ptep, Page? hugePage)
    {
        var cleared = 0;
        var values = m.PtepGetRun(ptep, hugePage is null ? MappedMm.PagesPerTable : PtrsPerPte);
        for (var i = 0; i < values.Length; i++)
        {
            var pte = ptep + (ulong)i * PhysicalLayout.WordSize;
            var value = values[i];
            if (PteNone(value))
            {
                continue;
            }

            if (hugePage is { } hpage && (i >= MappedMm.PagesPerTable || PtePfn(value) != hpage.Pfn + (ulong)i))
            {
                return -cleared - 1;
            }

            m.PteClear(pte);
            cleared++;
        }

        return cleared;
    }
}
