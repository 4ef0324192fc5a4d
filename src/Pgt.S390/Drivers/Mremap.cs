// SPDX-License-Identifier: GPL-2.0
// Ports the normal-pmd path of move_page_tables() and move_normal_pmd() (mm/mremap.c) as in v6.6-v6.11, and
// as fixed by 6fa1066fc5d0 ("mm/mremap: fix move_normal_pmd/retract_page_tables race", Jann Horn, v6.12).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
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
/// mremap moving a whole pmd-sized, pmd-aligned extent by moving the pmd entry itself. The method is chosen
/// from a look at the old pmd taken without the rmap locks; since 1d65b771bc08 khugepaged's
/// <c>retract_page_tables</c> detaches tables holding only <c>i_mmap_lock_read</c>, so the table may be gone
/// by the time <c>move_normal_pmd</c> holds the pmd locks. Before 6fa1066fc5d0 it then populated the new pmd
/// from an empty one: "on x86, you can end up with physical page 0 mapped as a page table".
/// <para>
/// move_pgt_entry takes the rmap locks (<c>take_rmap_locks</c>: <c>i_mmap_lock_write</c>, the anon_vma lock)
/// only when <c>need_rmap_locks</c>, which move_vma sets when the new VMA could be met before the old one in
/// an rmap walk; the race 6fa1066fc5d0 fixes is the case without them, which this driver models: mremap holds
/// <c>mmap_write_lock</c> (so faults and pte_offset_map users under <c>mmap_read_lock</c> are out) and nothing
/// that keeps <c>retract_page_tables</c> (under <c>i_mmap_lock_read</c> only) out.
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
        // move_pgt_entry(NORMAL_PMD, ...): no take_rmap_locks unless need_rmap_locks (see above).
        return MoveNormalPmd(m, mm, oldPmdp, newPmdp, kind);
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

    /// <summary>Starts an "mremap" strand moving one extent under <c>mmap_write_lock</c>.</summary>
    public static StrandId Start(Machine m, [RequiresMm] Mm mm, ulong oldAddress, ulong newAddress, MoveNormalPmdKind kind,
        string name = "mremap", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () =>
        {
            m.MmapWriteLock(mm);
            MovePageTables(m, mm, oldAddress, newAddress, kind);
            m.MmapWriteUnlock(mm);
        }, cpu);
    }
}
