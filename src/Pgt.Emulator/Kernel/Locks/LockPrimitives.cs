using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// Spinlocks as blocking acquisitions (spinning is modelled as waiting, so executions stay finite):
/// <c>spin_lock</c> is preempt_disable then the raw acquire, two scheduling points, as in the kernel.
/// The lock word lives in emulated memory (the ptl in struct page word 5, context.lock in the mm), so a
/// freed or destroyed lock is seen by the checkers.
/// </summary>
public static class LockPrimitives
{
    /// <summary>spin_lock_init(lock); <paramref name="className"/> is lockdep's class (defaults by location).</summary>
    public static void SpinLockInit(this Machine m, [Writes] Spinlock lockRef, string? className = null,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Init(m, lockRef, className, "spin_lock_init", new Callsite(caller, file, line));

    public static void SpinLock(this Machine m, Spinlock lockRef, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Acquire(m, lockRef, LockFlavor.Plain, "spin_lock", new Callsite(caller, file, line));

    public static void SpinUnlock(this Machine m, Spinlock lockRef, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Release(m, lockRef, LockFlavor.Plain, "spin_unlock", new Callsite(caller, file, line));

    public static void SpinLockBh(this Machine m, Spinlock lockRef, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Acquire(m, lockRef, LockFlavor.Bh, "spin_lock_bh", new Callsite(caller, file, line));

    public static void SpinUnlockBh(this Machine m, Spinlock lockRef, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Release(m, lockRef, LockFlavor.Bh, "spin_unlock_bh", new Callsite(caller, file, line));

    /// <summary>spin_lock_irqsave(lock, flags): returns the flags.</summary>
    public static ulong SpinLockIrqsave(this Machine m, Spinlock lockRef, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var flags = m.Current.IrqDepth == 0 ? 1UL : 0UL;
        Acquire(m, lockRef, LockFlavor.Irq, "spin_lock_irqsave", new Callsite(caller, file, line));
        return flags;
    }

    public static void SpinUnlockIrqrestore(this Machine m, Spinlock lockRef, ulong flags,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        _ = flags;
        Release(m, lockRef, LockFlavor.Irq, "spin_unlock_irqrestore", new Callsite(caller, file, line));
    }

    /// <summary>lockdep_assert_held(lock): the running strand must hold it.</summary>
    public static void LockdepAssertHeld(this Machine m, Spinlock lockRef, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.Hub.OnLockAssertHeld(lockRef, new Callsite(caller, file, line));

    /// <summary>True when the running strand holds <paramref name="lockRef"/>.</summary>
    public static bool HoldsLock(this Machine m, Spinlock lockRef) => m.Current.HeldLocks.Contains(lockRef.Address);

    /// <summary>pmd_lockptr(mm, pmdp): s390 uses split pmd locks, the ptl of the pmd table's page.</summary>
    public static Spinlock PmdLockptr(this Machine m, Mm mm, ulong pmdp)
    {
        _ = mm;
        return Page.FromAddress(m, pmdp).Ptl;
    }

    /// <summary>pmd_lock(mm, pmdp): takes and returns the pmd's lock.</summary>
    public static Spinlock PmdLock(this Machine m, Mm mm, ulong pmdp, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var ptl = PmdLockptr(m, mm, pmdp);
        Acquire(m, ptl, LockFlavor.Plain, "pmd_lock", new Callsite(caller, file, line));
        return ptl;
    }

    /// <summary>pte_lockptr(mm, pmd): the ptl in the struct page of the table the pmd value points to.</summary>
    public static Spinlock PteLockptr(this Machine m, Mm mm, ulong pmdval)
    {
        _ = mm;
        return Page.FromAddress(m, PageTableBits.PmdTableAddress(pmdval)).Ptl;
    }

    internal static void Init(Machine m, Spinlock lockRef, string? className, string primitive, in Callsite site)
    {
        var view = LockView(m, lockRef.Address);
        m.WriteWord(lockRef.Address, (ulong)Spinlock.Magic << 32, view, AccessMode.Plain, primitive, site);
        m.Hub.OnLockInit(lockRef, className ?? view.Name());
    }

    /// <summary>spin_lock_init on an object nobody can reach yet: not a scheduling point.</summary>
    internal static void InitUnpublished(Machine m, Spinlock lockRef, string className, string primitive, in Callsite site)
    {
        m.InitWord(lockRef.Address, (ulong)Spinlock.Magic << 32, LockView(m, lockRef.Address), primitive, site);
        m.Hub.OnLockInit(lockRef, className);
    }

    internal static void Acquire(Machine m, Spinlock lockRef, LockFlavor flavor, string primitive, in Callsite site)
    {
        var s = m.Current;
        m.ChangeContext(ContextOf(flavor), +1, primitive, site);
        // A look at the lock word before spinning: the checks below read it (its owner, lockdep's view of
        // it), so DPOR must order this look against the owner's release.
        m.Schedule(s, new Operation(OperationKind.Read, m.ResourceOf(lockRef.Address)));
        m.Hub.OnLockAcquire(lockRef, flavor, site);
        s.LockWait.Target = lockRef.Address;
        m.WaitUntil(s, s.LockWait, new Operation(OperationKind.Acquire, m.ResourceOf(lockRef.Address)));
        var view = LockView(m, lockRef.Address);
        var word = m.ReadWordNow(s, lockRef.Address, view, AccessMode.Atomic, primitive, site);
        m.Hub.OnLockTaken(lockRef, word, flavor, site);
        m.WriteWordNow(s, lockRef.Address, (word & 0xffff_ffff_0000_0000UL) | (uint)(s.Id + 1), view,
            AccessMode.Atomic, primitive, site);
        s.HeldLocks.Add(lockRef.Address);
    }

    internal static void Release(Machine m, Spinlock lockRef, LockFlavor flavor, string primitive, in Callsite site)
    {
        var s = m.Current;
        m.Schedule(s, new Operation(OperationKind.Release, m.ResourceOf(lockRef.Address)));
        var view = LockView(m, lockRef.Address);
        var word = m.ReadWordNow(s, lockRef.Address, view, AccessMode.Atomic, primitive, site);
        m.Hub.OnLockRelease(lockRef, word, site);
        m.WriteWordNow(s, lockRef.Address, word & 0xffff_ffff_0000_0000UL, view, AccessMode.Atomic, primitive, site);
        s.HeldLocks.Remove(lockRef.Address);
        m.ChangeContext(ContextOf(flavor), -1, primitive, site);
    }

    private static ContextKind ContextOf(LockFlavor flavor) => flavor switch
    {
        LockFlavor.Bh => ContextKind.Bh,
        LockFlavor.Irq => ContextKind.Irq,
        _ => ContextKind.Preempt,
    };

    internal static View LockView(Machine m, ulong address)
    {
        if (m.Memory.IsRam(address))
        {
            switch (m.Lifetime.Kind(address >> PhysicalLayout.PageShift))
            {
                case PageKind.Vmemmap when StructPage.WordOf(address) == StructPage.Ptl:
                    return View.Ptl;
                case PageKind.Mm when (address & ~PhysicalLayout.PageMask) / 8 == MmLayout.ContextLock:
                    return View.ContextLock;
            }
        }

        return View.SpinLock;
    }
}
