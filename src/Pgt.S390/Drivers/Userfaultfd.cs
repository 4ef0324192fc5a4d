// SPDX-License-Identifier: GPL-2.0
// Ports the pte install of UFFDIO_COPY (mm/userfaultfd.c mfill_atomic_pte -> mfill_atomic_install_pte, v6.6).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Walkers;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Drivers;

/// <summary>
/// <c>UFFDIO_COPY</c> into a private userfaultfd-armed mapping: a new anonymous page is installed in an
/// empty pte "without even looking up page cache" (a98460494b16), so the huge page's lock that keeps faults
/// out of khugepaged's collapse does not keep this out. It runs under <c>mmap_read_lock</c> and takes the
/// table's ptl through <c>pte_offset_map_lock</c>, which rechecks the pmd.
/// </summary>
public static class Userfaultfd
{
    /// <summary>
    /// mfill_atomic_install_pte: maps <paramref name="page"/> at <paramref name="address"/> if its pte is
    /// empty. Returns false where the kernel returns -EAGAIN (no table: the pmd changed) or -EEXIST.
    /// </summary>
    public static bool MfillAtomicPte(Machine m, [RequiresMm] Mm mm, ulong address, Page page)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("mfill_atomic_pte");
        var pmdp = m.PmdOffset(mm, address);
        var ptep = m.PteOffsetMapLock(mm, pmdp, address, out var ptl);
        if (ptep == 0)
        {
            return false;
        }

        var installed = PteNone(m.PtepGet(ptep));
        if (installed)
        {
            // A private mapping gets an anonymous copy, counted in before the pte is set.
            m.FolioAddNewAnonRmap(page);
            m.AddMmCounter(mm, MmCounter.AnonPages, 1);
            m.SetPte(ptep, MkPte(page));
        }

        m.PteUnmapUnlock(ptep, ptl);
        return installed;
    }

    /// <summary>Starts a strand doing UFFDIO_COPY of a new page at <paramref name="address"/>, under <c>mmap_read_lock</c>.</summary>
    public static StrandId StartCopy(Machine m, [RequiresMm] Mm mm, ulong address, string name = "uffdio_copy", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => Copy(m, mm, address), cpu);
    }

    /// <summary>
    /// The ioctl (userfaultfd_copy -> mfill_atomic_copy): under <c>mmap_read_lock</c>, with the VMA found,
    /// UFFDIO_COPY of a new page at <paramref name="address"/>. Returns whether a pte was installed.
    /// </summary>
    public static bool Copy(Machine m, [RequiresMm] Mm mm, ulong address)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("userfaultfd_ioctl");
        m.MmapReadLock(mm);
        var installed = m.FindVma(mm, address) && MfillAtomicPte(m, mm, address, m.AllocPage());
        m.MmapReadUnlock(mm);
        return installed;
    }
}
