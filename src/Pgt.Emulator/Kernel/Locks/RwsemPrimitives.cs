using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// A <c>struct rw_semaphore</c> in one word (kernel/locking/rwsem.c, as far as exclusion goes): readers
/// counted in the low 32 bits; a writer sets bit 63 and records its strand in bits 32-62 (the owner
/// field), so <c>downgrade_write</c> and the write-lock assertions know who holds it. It sleeps, so unlike a
/// spinlock it neither disables preemption nor makes its holder an RCU reader.
/// <para>
/// A reader's down_read and up_read declare a shared update of the word, a writer's steps a write (reduction 4
/// of issue 13, KERNEL.md): two readers' steps commute (the count's +1 and -1 end the same in either order and
/// neither waits on the other), so DPOR no longer orders them; a writer's step or a load of the word still
/// conflicts with both.
/// </para>
/// </summary>
internal static class RwsemPrimitives
{
    private const ulong Writer = 1UL << 63;

    public static void DownRead(Machine m, Field sem, string primitive, in Callsite site) =>
        Acquire(m, sem, write: false, primitive, site);

    public static void DownWrite(Machine m, Field sem, string primitive, in Callsite site) =>
        Acquire(m, sem, write: true, primitive, site);

    public static void UpRead(Machine m, Field sem, string primitive, in Callsite site) =>
        Release(m, sem, OperationKind.SharedUpdate, old => old - 1, primitive, site);

    public static void UpWrite(Machine m, Field sem, string primitive, in Callsite site)
    {
        RequireWriteHeld(m, sem, primitive);
        Release(m, sem, OperationKind.Release, _ => 0, primitive, site);
    }

    /// <summary>downgrade_write: the writer becomes a reader without letting another writer in; waiting readers may enter.</summary>
    public static void DowngradeWrite(Machine m, Field sem, string primitive, in Callsite site)
    {
        RequireWriteHeld(m, sem, primitive);
        Release(m, sem, OperationKind.Release, _ => 1, primitive, site);
    }

    /// <summary>rwsem_is_locked: held by anyone (the kernel's mmap_assert_locked cannot tell readers apart either).</summary>
    public static bool IsLocked(Machine m, Field sem) => m.Memory.Peek(sem.Address) != 0;

    /// <summary>Held for write by the running strand.</summary>
    public static bool IsWriteLockedByCurrent(Machine m, Field sem) => m.Memory.Peek(sem.Address) == WriterWord(m.Current.Id);

    private static ulong WriterWord(int strand) => Writer | ((ulong)(strand + 1) << 32);

    private static void RequireWriteHeld(Machine m, Field sem, string primitive)
    {
        if (!IsWriteLockedByCurrent(m, sem))
        {
            throw new InvalidOperationException(
                $"{primitive}: {m.NameOf(m.Current.Id)} does not hold {sem.View.Name()} at {FindingSections.Hex(sem.Address)} for write");
        }
    }

    private static void Acquire(Machine m, Field sem, bool write, string primitive, in Callsite site)
    {
        var s = m.Current;
        m.WaitUntil(s, new RwsemCondition(m, sem, write),
            new Operation(write ? OperationKind.Acquire : OperationKind.SharedUpdate, m.ResourceOf(sem.Address)));
        var word = m.ReadWordNow(s, sem.Address, sem.View, AccessMode.Atomic, primitive, site);
        m.WriteWordNow(s, sem.Address, write ? WriterWord(s.Id) : word + 1, sem.View, AccessMode.Atomic, primitive, site);
    }

    private static void Release(Machine m, Field sem, OperationKind kind, Func<ulong, ulong> next, string primitive, in Callsite site)
    {
        var s = m.Current;
        m.Schedule(s, new Operation(kind, m.ResourceOf(sem.Address)));
        var word = m.ReadWordNow(s, sem.Address, sem.View, AccessMode.Atomic, primitive, site);
        m.WriteWordNow(s, sem.Address, next(word), sem.View, AccessMode.Atomic, primitive, site);
    }

    /// <summary>A reader may enter when no writer holds the semaphore; a writer when nobody does.</summary>
    private sealed class RwsemCondition : IWaitCondition
    {
        private readonly Machine _machine;
        private readonly Field _sem;
        private readonly bool _write;

        public RwsemCondition(Machine machine, Field sem, bool write)
        {
            _machine = machine;
            _sem = sem;
            _write = write;
        }

        public bool IsSatisfied
        {
            get
            {
                if (!_machine.Memory.IsRam(_sem.Address))
                {
                    return true;
                }

                var word = _machine.Memory.Peek(_sem.Address);
                return _write ? word == 0 : (word & Writer) == 0;
            }
        }

        public override string ToString() =>
            $"{(_write ? "down_write" : "down_read")} on {_sem.View.Name()} at {FindingSections.Hex(_sem.Address)} ({_machine.Findings.Describe(_sem.Address)})";
    }
}
