// SPDX-License-Identifier: GPL-2.0
// Ports the normal-pmd path of move_page_tables() and move_normal_pmd() (mm/mremap.c) as in v6.6-v6.11, and
// as fixed by 6fa1066fc5d0 ("mm/mremap: fix move_normal_pmd/retract_page_tables race", Jann Horn, v6.12).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Walkers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Drivers;

/// <summary>Which <c>move_normal_pmd</c> runs.</summary>
public enum MoveNormalPmdKind
{
    /// <summary>v6.6 to v6.11: the pmd read under the pmd lock is moved whatever it now holds.</summary>
    BeforeRecheck,

    /// <summary>6fa1066fc5d0: "Racing with collapse?" bail out unless the pmd still points to a page table.</summary>
    WithRecheck,
}

/// <summary>
/// mremap(MREMAP_MAYMOVE | MREMAP_FIXED) of one 1 MiB region of a file mapping, moving its page table by
/// moving the pmd entry itself (mremap_to, move_vma, move_page_tables). Everything runs under
/// <c>mmap_write_lock</c>, so faults and pte_offset_map users of the mm are out; khugepaged's
/// <c>retract_page_tables</c> holds only the file's <c>i_mmap_lock_read</c> since 1d65b771bc08, and is kept
/// out only by the rmap locks that move_pgt_entry takes around move_normal_pmd (for NORMAL_PMD always, since
/// "mm/mremap: hold the rmap lock in write mode when moving page table entries", Aneesh Kumar K.V, v5.14). The method is
/// chosen before that, from get_old_pmd's lockless look, so the table may be gone by the time
/// <c>move_normal_pmd</c> holds the pmd locks (Jann Horn's race diagram in 6fa1066fc5d0). Before that commit
/// the new pmd was then populated from an empty one: "on x86, you can end up with physical page 0 mapped as
/// a page table"; on s390 <c>pmd_pgtable</c> of an empty segment entry is physical 0 as well.
/// <para>
/// copy_vma links the new VMA into the file's rmap before the move and the old one leaves it afterwards
/// (do_vmi_munmap of the old range), so retract_page_tables may meet the table through either VMA.
/// </para>
/// </summary>
public static class Mremap
{
    /// <summary>
    /// move_page_tables for the one extent at <paramref name="oldAddress"/> (its caller holds
    /// <c>mmap_write_lock</c>): nothing to do if the old pmd is empty; otherwise the normal-pmd method.
    /// Returns whether the pmd was moved (false: the caller falls back to moving ptes, which finds nothing).
    /// </summary>
    public static bool MovePageTables(Machine m, [RequiresMm] Mm mm, ulong oldAddress, ulong newAddress, MoveNormalPmdKind kind)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("move_page_tables");
        var oldPmdp = m.PmdOffset(mm, oldAddress);
        // get_old_pmd: no lock, no rmap lock.
        var oldPmd = m.PmdpGetLockless(oldPmdp);
        if (PmdNone(oldPmd) || PmdLarge(oldPmd))
        {
            return false;
        }

        // alloc_new_pmd: the emulated mm's pmd table covers every region already.
        var newPmdp = m.PmdOffset(mm, newAddress);
        // move_pgt_entry(NORMAL_PMD, ..., true): take_rmap_locks (i_mmap_lock_write; no anon_vma in a file
        // mapping that khugepaged retracts), move_normal_pmd, drop_rmap_locks.
        m.IMmapLockWrite(mm);
        var moved = MoveNormalPmd(m, mm, oldPmdp, newPmdp, kind);
        m.IMmapUnlockWrite(mm);
        return moved;
    }

    /// <summary>
    /// mremap_to(old, new) for one region, under <c>mmap_write_lock</c> (asserted): MREMAP_FIXED unmaps the
    /// target first (do_munmap: its VMA leaves the tree and the file; the emulated target has no table),
    /// move_vma's copy_vma links the new VMA, move_page_tables moves the table, and the old VMA is unmapped
    /// (do_vmi_munmap; its free_pgtables finds the old pmd empty: moved, or retracted). The pte-level fallback
    /// after a refused pmd move finds the old pmd empty too and moves nothing.
    /// </summary>
    public static bool MremapTo(Machine m, [RequiresMm] Mm mm, ulong oldAddress, ulong newAddress, MoveNormalPmdKind kind)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("mremap_to");
        m.MmapAssertWriteLocked(mm, "mremap_to");
        m.VmaDetach(mm, newAddress);
        m.UnlinkFileVma(mm, newAddress);
        m.VmaLink(mm, newAddress);
        var moved = MovePageTables(m, mm, oldAddress, newAddress, kind);
        m.VmaDetach(mm, oldAddress);
        m.UnlinkFileVma(mm, oldAddress);
        return moved;
    }

    /// <summary>move_normal_pmd(vma, old_addr, new_addr, old_pmd, new_pmd), under both pmd locks.</summary>
    public static bool MoveNormalPmd(Machine m, [RequiresMm] Mm mm, ulong oldPmdp, ulong newPmdp, MoveNormalPmdKind kind)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("move_normal_pmd");
        // The destination pmd shouldn't be established: free_pgtables() should have released it.
        if (m.WarnOnOnce(!PmdNone(m.Load(newPmdp, View.Pmd))))
        {
            return false;
        }

        var oldPtl = m.PmdLock(mm, oldPmdp);
        var newPtl = m.PmdLockptr(mm, newPmdp);
        if (newPtl != oldPtl)
        {
            m.SpinLock(newPtl);
        }

        var moved = false;
        var pmd = m.Load(oldPmdp, View.Pmd);
        // pmd_present() on s390 is "not _SEGMENT_ENTRY_EMPTY"; pmd_leaf() is a large (huge page) entry.
        if (kind == MoveNormalPmdKind.BeforeRecheck || !(PmdNone(pmd) || PmdLarge(pmd)))
        {
            m.PmdClear(oldPmdp);
            moved = true;
            // VM_BUG_ON(!pmd_none(*new_pmd)): compiled out without CONFIG_DEBUG_VM; the emulator has no BUG.
            m.PmdPopulate(mm, newPmdp, m.PmdPgtable(pmd));
            // flush_tlb_range(vma, old_addr, old_addr + PMD_SIZE): no emulated memory.
        }

        if (newPtl != oldPtl)
        {
            m.SpinUnlock(newPtl);
        }

        m.SpinUnlock(oldPtl);
        return moved;
    }

    /// <summary>
    /// Starts an "mremap" strand: <see cref="MremapTo"/> under <c>mmap_write_lock</c>, then the task reads its
    /// moved page through the new mapping (a pte_offset_map_lock walk under <c>mmap_read_lock</c>, as a fault
    /// or a /proc walk does), which meets whatever table the new pmd points to.
    /// </summary>
    public static StrandId Start(Machine m, [RequiresMm] Mm mm, ulong oldAddress, ulong newAddress, MoveNormalPmdKind kind,
        string name = "mremap", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () =>
        {
            m.MmapWriteLock(mm);
            MremapTo(m, mm, oldAddress, newAddress, kind);
            m.MmapWriteUnlock(mm);
            m.MmapReadLock(mm);
            if (m.FindVma(mm, newAddress))
            {
                m.WalkPte(mm, newAddress, takeLock: true);
            }

            m.MmapReadUnlock(mm);
        }, cpu);
    }
}
