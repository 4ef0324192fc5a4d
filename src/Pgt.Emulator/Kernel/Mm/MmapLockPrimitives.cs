using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// <c>mm->mmap_lock</c> as a rw_semaphore (include/linux/mmap_lock.h). It sleeps, so unlike a spinlock it
/// neither disables preemption nor makes its holder an RCU reader; waiting is blocking, as for
/// spinlocks. Before v6.5 khugepaged freed a detached table under <c>mmap_write_lock</c>, which kept out
/// every walker that holds <c>mmap_read_lock</c> (faults), but not gup_fast.
/// </summary>
public static class MmapLockPrimitives
{
    /// <summary>mmap_read_lock(mm): waits while a writer holds it.</summary>
    public static void MmapReadLock(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Acquire(m, mm, write: false, "mmap_read_lock", new Callsite(caller, file, line));

    public static void MmapReadUnlock(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Release(m, mm, write: false, "mmap_read_unlock", new Callsite(caller, file, line));

    /// <summary>mmap_write_lock(mm): waits until no reader or writer holds it.</summary>
    public static void MmapWriteLock(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Acquire(m, mm, write: true, "mmap_write_lock", new Callsite(caller, file, line));

    public static void MmapWriteUnlock(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Release(m, mm, write: true, "mmap_write_unlock", new Callsite(caller, file, line));

    private static void Acquire(Machine m, Mm mm, bool write, string primitive, in Callsite site)
    {
        var s = m.Current;
        var address = mm.MmapLock.Address;
        var wait = new MmapLockCondition(m, address, write);
        m.WaitUntil(s, wait, new Operation(OperationKind.Acquire, m.ResourceOf(address)));
        var word = m.ReadWordNow(s, address, View.MmapLock, AccessMode.Atomic, primitive, site);
        var taken = write ? word | MmLayout.MmapLockWriter : word + 1;
        m.WriteWordNow(s, address, taken, View.MmapLock, AccessMode.Atomic, primitive, site);
    }

    private static void Release(Machine m, Mm mm, bool write, string primitive, in Callsite site)
    {
        var s = m.Current;
        var address = mm.MmapLock.Address;
        m.Schedule(s, new Operation(OperationKind.Release, m.ResourceOf(address)));
        var word = m.ReadWordNow(s, address, View.MmapLock, AccessMode.Atomic, primitive, site);
        var released = write ? word & ~MmLayout.MmapLockWriter : word - 1;
        m.WriteWordNow(s, address, released, View.MmapLock, AccessMode.Atomic, primitive, site);
    }

    /// <summary>A reader may enter when no writer holds the lock; a writer when nobody does.</summary>
    private sealed class MmapLockCondition : IWaitCondition
    {
        private readonly Machine _machine;
        private readonly ulong _address;
        private readonly bool _write;

        public MmapLockCondition(Machine machine, ulong address, bool write)
        {
            this._machine = machine;
            this._address = address;
            this._write = write;
        }

        public bool IsSatisfied
        {
            get
            {
                if (!_machine.Memory.IsRam(_address))
                {
                    return true;
                }

                var word = _machine.Memory.Peek(_address);
                return _write ? word == 0 : (word & MmLayout.MmapLockWriter) == 0;
            }
        }

        public override string ToString() =>
            $"{(_write ? "mmap_write_lock" : "mmap_read_lock")} on {FindingSections.Hex(_address)} ({_machine.Findings.Describe(_address)})";
    }
}
