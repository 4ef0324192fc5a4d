using System.Runtime.CompilerServices;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;

namespace Pgt.Emulator.Walkers;

/// <summary>
/// The v6.5+ RCU walkers (mm/pgtable-generic.c): <c>__pte_offset_map</c> takes rcu_read_lock and
/// maps the table of a pmd snapshot; <c>pte_offset_map_lock</c> then takes the table's ptl (in the
/// table's own struct page) and rechecks <c>pmd_same</c>, retrying on a change. A table detached in
/// between must keep its ptl and stay all pte_none until the grace period ends (W2).
/// </summary>
public static class PteOffsetMap
{
    /// <summary>pte_offset_map(pmdp, addr): the pte slot, or 0 (and no section) when the pmd maps no table.</summary>
    public static ulong PteOffsetMapNoLock(this Machine m, Mm mm, ulong pmdp, ulong address, out ulong pmdval,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        _ = mm;
        using var frame = m.Enter("__pte_offset_map");
        m.RcuReadLock();
        pmdval = m.PmdpGetLockless(pmdp);
        // The kernel's tests: pmd_none, pmd_trans_huge, pmd_bad. A valid segment entry with origin 0 passes
        // them all (a pmd populated from an empty one, catalogue #20).
        if (PageTableBits.PmdNone(pmdval) || PageTableBits.PmdLarge(pmdval) || PageTableBits.PmdBad(pmdval))
        {
            m.RcuReadUnlock();
            return 0;
        }

        var ptep = PageTablePrimitives.PteOffset(pmdval, address);
        if (PageTableBits.PmdTableAddress(pmdval) == 0)
        {
            // The kernel walks physical page 0 as the table; the emulator's page 0 is no RAM, so the
            // walker's first use of it is a wild access (and 0 stays free to mean "no table").
            m.CheckPage(new Page(m, 0), "pte_offset_map", new Callsite(caller, file, line));
        }

        return ptep;
    }

    /// <summary>
    /// pte_offset_map_lock(mm, pmdp, addr, &amp;ptl): the pte slot with its table's ptl held and the pmd
    /// rechecked, or 0 when the pmd maps no table.
    /// </summary>
    public static ulong PteOffsetMapLock(this Machine m, Mm mm, ulong pmdp, ulong address, out Spinlock ptl)
    {
        using var frame = m.Enter("__pte_offset_map_lock");
        while (true)
        {
            var ptep = m.PteOffsetMapNoLock(mm, pmdp, address, out var pmdval);
            if (ptep == 0)
            {
                ptl = default;
                return 0;
            }

            ptl = m.PteLockptr(mm, pmdval);
            m.SpinLock(ptl);
            if (pmdval == m.PmdpGetLockless(pmdp))
            {
                return ptep;
            }

            m.PteUnmapUnlock(ptep, ptl);
        }
    }

    /// <summary>pte_unmap(ptep): ends the section pte_offset_map began.</summary>
    public static void PteUnmap(this Machine m, ulong ptep, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        _ = ptep;
        m.RcuReadUnlock(caller, file, line);
    }

    /// <summary>pte_unmap_unlock(ptep, ptl).</summary>
    public static void PteUnmapUnlock(this Machine m, ulong ptep, Spinlock ptl, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        m.SpinUnlock(ptl, caller, file, line);
        m.PteUnmap(ptep, caller, file, line);
    }

    /// <summary>
    /// A walker as a strand body: map the pte of <paramref name="address"/> (locked or not), read it, unmap.
    /// Returns the pte, or <see cref="PageTableBits.PageInvalid"/> when no table was mapped.
    /// </summary>
    public static ulong WalkPte(this Machine m, Mm mm, ulong address, bool takeLock)
    {
        using var frame = m.Enter("walk_pte_range");
        var pmdp = m.PmdOffset(mm, address);
        if (takeLock)
        {
            var ptep = m.PteOffsetMapLock(mm, pmdp, address, out var ptl);
            if (ptep == 0)
            {
                return PageTableBits.PageInvalid;
            }

            var pte = m.PtepGet(ptep);
            m.PteUnmapUnlock(ptep, ptl);
            return pte;
        }
        else
        {
            var ptep = m.PteOffsetMapNoLock(mm, pmdp, address, out _);
            if (ptep == 0)
            {
                return PageTableBits.PageInvalid;
            }

            var pte = m.PtepGet(ptep);
            m.PteUnmap(ptep);
            return pte;
        }
    }
}
