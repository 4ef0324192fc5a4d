// SPDX-License-Identifier: GPL-2.0
// Lockless walkers as scenario strands: gup_fast (mm/gup.c) and pte_offset_map users (mm/pgtable-generic.c).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Walkers;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Drivers;

/// <summary>
/// Starts the readers a detached table must survive: gup_fast with irqs off (held off by the IPI of
/// <c>tlb_remove_table_sync_one</c> too), and v6.5+'s <c>pte_offset_map</c> walkers under
/// <c>rcu_read_lock</c>, inside <c>mmap_read_lock</c> as the kernel's callers are.
/// </summary>
public static class Walkers
{
    /// <summary>A strand running gup_fast over <paramref name="nrPages"/> pages from <paramref name="address"/>.</summary>
    public static StrandId StartGupFast(Machine m, Mm mm, ulong address, int nrPages = 1, GupFastOptions? options = null,
        string name = "gup_fast", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => m.GupFastPages(mm, address, nrPages, options), cpu);
    }

    /// <summary>
    /// A strand that maps the pte of <paramref name="address"/> (<c>pte_offset_map</c>, or
    /// <c>pte_offset_map_lock</c> with <paramref name="takePtl"/>: the table's own ptl and a pmd recheck),
    /// reads it and unmaps, as the kernel's pte_offset_map users outside gup_fast do: under
    /// <c>mmap_read_lock</c>, after find_vma (a fault, madvise, a /proc walk). A walker whose VMA munmap
    /// already detached finds none and does not walk, as in the kernel.
    /// </summary>
    public static StrandId StartPteWalker(Machine m, [RequiresMm] Mm mm, ulong address, bool takePtl,
        string? name = null, int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name ?? (takePtl ? "pte_offset_map_lock" : "pte_offset_map"), () =>
        {
            m.MmapReadLock(mm);
            if (m.FindVma(mm, address))
            {
                m.WalkPte(mm, address, takePtl);
            }

            m.MmapReadUnlock(mm);
        }, cpu);
    }
}
