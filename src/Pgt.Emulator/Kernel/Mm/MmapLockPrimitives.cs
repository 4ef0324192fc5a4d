using System.Runtime.CompilerServices;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// <c>mm->mmap_lock</c> as a rw_semaphore (include/linux/mmap_lock.h, kernel/locking/rwsem.c): readers
/// share it, a writer excludes everyone, and <c>mmap_write_downgrade</c> turns the writer into a reader
/// (munmap frees the page tables of the VMAs it detached under the downgraded lock). It sleeps, so unlike
/// a spinlock it neither disables preemption nor makes its holder an RCU reader. Before v6.5 khugepaged
/// freed a detached table under <c>mmap_write_lock</c>, which kept out every walker that holds
/// <c>mmap_read_lock</c> (faults), but not gup_fast.
/// </summary>
public static class MmapLockPrimitives
{
    /// <summary>mmap_read_lock(mm): waits while a writer holds it.</summary>
    public static void MmapReadLock(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.DownRead(m, mm.MmapLock, "mmap_read_lock", new Callsite(caller, file, line));

    public static void MmapReadUnlock(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.UpRead(m, mm.MmapLock, "mmap_read_unlock", new Callsite(caller, file, line));

    /// <summary>mmap_write_lock(mm): waits until no reader or writer holds it.</summary>
    public static void MmapWriteLock(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.DownWrite(m, mm.MmapLock, "mmap_write_lock", new Callsite(caller, file, line));

    public static void MmapWriteUnlock(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.UpWrite(m, mm.MmapLock, "mmap_write_unlock", new Callsite(caller, file, line));

    /// <summary>mmap_write_downgrade(mm): the writer keeps the lock as a reader; waiting readers may enter.</summary>
    public static void MmapWriteDowngrade(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        RwsemPrimitives.DowngradeWrite(m, mm.MmapLock, "mmap_write_downgrade", new Callsite(caller, file, line));

    /// <summary>
    /// mmap_assert_locked(mm): the mmap lock is held (by anyone, as rwsem_is_locked tells). A failure is an
    /// error of the scenario or driver: it placed a walker where the kernel holds the lock.
    /// </summary>
    public static void MmapAssertLocked(this Machine m, Mm mm, string user)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (!RwsemPrimitives.IsLocked(m, mm.MmapLock))
        {
            throw new InvalidOperationException(
                $"{user} needs mmap_lock (mmap_assert_locked): {m.NameOf(m.Current.Id)} does not hold it on {mm}; the kernel's {user} runs under mmap_read_lock or mmap_write_lock");
        }
    }

    /// <summary>mmap_assert_write_locked(mm): the running strand holds the mmap lock for write.</summary>
    public static void MmapAssertWriteLocked(this Machine m, Mm mm, string user)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (!RwsemPrimitives.IsWriteLockedByCurrent(m, mm.MmapLock))
        {
            throw new InvalidOperationException(
                $"{user} needs mmap_write_lock (mmap_assert_write_locked): {m.NameOf(m.Current.Id)} does not hold it for write on {mm}");
        }
    }
}
