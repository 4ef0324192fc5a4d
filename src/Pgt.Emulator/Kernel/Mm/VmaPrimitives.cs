using System.Runtime.CompilerServices;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// What keeps walkers out of page tables that are being freed, short of RCU: a VMA of the mm's tree
/// (found with <c>find_vma</c> under the mmap lock; munmap detaches it under <c>mmap_write_lock</c> before
/// it frees the tables), and the file's rmap (<c>i_mmap</c>, walked under <c>i_mmap_rwsem</c>; free_pgtables'
/// <c>unlink_file_vma</c> takes the VMA out under <c>i_mmap_lock_write</c> before its tables go). Every VMA
/// is one 1 MiB region (see <see cref="MmLayout.Vmas"/>). A walker that does not find its VMA does not walk,
/// so a scenario cannot place a walker where the kernel's locking keeps it out. The anon_vma lock is not
/// modelled: no emulated walker reaches tables through an anon_vma.
/// </summary>
public static class VmaPrimitives
{
    /// <summary>find_vma(mm, address) covers address: mm/mmap.c, under the mmap lock (asserted).</summary>
    public static bool FindVma(this Machine m, [RequiresMm] Mm mm, ulong address, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        m.MmapAssertLocked(mm, "find_vma");
        var vmas = m.ReadWord(mm.Vmas.Address, View.MmVmas, AccessMode.Plain, "find_vma", new Callsite(caller, file, line));
        return (vmas & Bit(address)) != 0;
    }

    /// <summary>
    /// Detaching the VMA of <paramref name="address"/>'s region from the mm's tree (do_vmi_align_munmap's
    /// vma_iter_clear / vma_mark_detached), under <c>mmap_write_lock</c> (asserted).
    /// </summary>
    public static void VmaDetach(this Machine m, [RequiresMm] Mm mm, ulong address, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        m.MmapAssertWriteLocked(mm, "vma_iter_clear");
        m.RmwWord(mm.Vmas.Address, RmwOp.AndNot, Bit(address), 0, View.MmVmas, "vma_iter_clear", new Callsite(caller, file, line));
    }

    /// <summary>
    /// Linking a new VMA for <paramref name="address"/>'s region (mremap's copy_vma: vma_link into the mm's
    /// tree under <c>mmap_write_lock</c>, asserted, and vma_link_file into the file's <c>i_mmap</c> under
    /// <c>i_mmap_lock_write</c>), so rmap walkers may meet it from then on.
    /// </summary>
    public static void VmaLink(this Machine m, [RequiresMm] Mm mm, ulong address, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        using var frame = m.Enter("vma_link");
        var site = new Callsite(caller, file, line);
        m.MmapAssertWriteLocked(mm, "vma_link");
        m.RmwWord(mm.Vmas.Address, RmwOp.Or, Bit(address), 0, View.MmVmas, "vma_iter_store", site);
        RwsemPrimitives.DownWrite(m, mm.IMmapRwsem, "i_mmap_lock_write", site);
        m.RmwWord(mm.IMmapLinked.Address, RmwOp.Or, Bit(address), 0, View.IMmapLinked, "vma_interval_tree_insert", site);
        RwsemPrimitives.UpWrite(m, mm.IMmapRwsem, "i_mmap_unlock_write", site);
    }

    /// <summary>i_mmap_lock_read(mapping): rmap walkers (retract_page_tables) share it.</summary>
    public static void IMmapLockRead(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.DownRead(m, mm.IMmapRwsem, "i_mmap_lock_read", new Callsite(caller, file, line));

    public static void IMmapUnlockRead(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.UpRead(m, mm.IMmapRwsem, "i_mmap_unlock_read", new Callsite(caller, file, line));

    /// <summary>i_mmap_lock_write(mapping): unlink_file_vma, mremap's take_rmap_locks.</summary>
    public static void IMmapLockWrite(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.DownWrite(m, mm.IMmapRwsem, "i_mmap_lock_write", new Callsite(caller, file, line));

    public static void IMmapUnlockWrite(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.UpWrite(m, mm.IMmapRwsem, "i_mmap_unlock_write", new Callsite(caller, file, line));

    /// <summary>
    /// vma_interval_tree_foreach finds the VMA of <paramref name="address"/>'s region in the file's i_mmap
    /// tree; the caller holds <c>i_mmap_rwsem</c> (checked).
    /// </summary>
    public static bool VmaLinkedToFile(this Machine m, [RequiresMm] Mm mm, ulong address, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        RequireIMmapLocked(m, mm, "vma_interval_tree_foreach");
        var linked = m.ReadWord(mm.IMmapLinked.Address, View.IMmapLinked, AccessMode.Plain, "vma_interval_tree_foreach",
            new Callsite(caller, file, line));
        return (linked & Bit(address)) != 0;
    }

    /// <summary>
    /// unlink_file_vma (mm/mmap.c, from free_pgtables): under <c>i_mmap_lock_write</c> the VMA leaves the
    /// file's tree, so no rmap walker reaches its tables once free_pgtables frees them.
    /// </summary>
    public static void UnlinkFileVma(this Machine m, [RequiresMm] Mm mm, ulong address, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        using var frame = m.Enter("unlink_file_vma");
        var site = new Callsite(caller, file, line);
        RwsemPrimitives.DownWrite(m, mm.IMmapRwsem, "i_mmap_lock_write", site);
        m.RmwWord(mm.IMmapLinked.Address, RmwOp.AndNot, Bit(address), 0, View.IMmapLinked, "vma_interval_tree_remove", site);
        RwsemPrimitives.UpWrite(m, mm.IMmapRwsem, "i_mmap_unlock_write", site);
    }

    private static void RequireIMmapLocked(Machine m, Mm mm, string user)
    {
        if (!RwsemPrimitives.IsLocked(m, mm.IMmapRwsem))
        {
            throw new InvalidOperationException(
                $"{user} needs i_mmap_rwsem: {m.NameOf(m.Current.Id)} does not hold it for the file mapped in {mm}");
        }
    }

    private static ulong Bit(ulong address)
    {
        var region = address >> PageTableBits.PmdShift;
        if (region >= MmLayout.Regions)
        {
            throw new InvalidOperationException(
                $"address {FindingSections.Hex(address)} lies beyond the {MmLayout.Regions} MiB the emulated VMAs describe");
        }

        return 1UL << (int)region;
    }
}
