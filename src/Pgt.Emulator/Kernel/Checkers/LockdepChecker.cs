using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// lockdep-lite and DEBUG_SPINLOCK. Lock classes are named at spin_lock_init (all mms' context.locks
/// share "&amp;mm->context.lock"). Reports: a class used with softirqs on in process context and also
/// from softirq ("inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage", M9) and the real self-deadlock
/// when a softirq spins on a lock a task of its own CPU holds; recursive locking; lockdep_assert_held;
/// bad magic (destroyed ptl) and wrong-owner unlocks; and, at the end, sections or locks left held.
/// </summary>
internal sealed class LockdepChecker : Checker
{
    private readonly Dictionary<ulong, int> _classOfLock = new();
    private readonly Dictionary<string, int> _classIds = new();
    private readonly List<LockClass> _classes = new();

    public LockdepChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override void Reset()
    {
        _classOfLock.Clear();
        foreach (var c in _classes)
        {
            c.SoftirqOn = default;
            c.InSoftirq = default;
        }
    }

    public override void OnLockInit(Spinlock lockRef, string className) =>
        _classOfLock[lockRef.Address] = ClassId(className);

    public override void OnLockAcquire(Spinlock lockRef, LockFlavor flavor, in Callsite site)
    {
        var s = Observed.Current;
        if (!Observed.IsRam(lockRef.Address))
        {
            return;
        }

        var owner = (int)(uint)Observed.Peek(lockRef.Address) - 1;
        var name = ClassName(lockRef);
        if (owner == s.Id)
        {
            FailWith(FindingKinds.RecursiveLocking, s, site, name, [
                "============================================",
                "WARNING: possible recursive locking detected",
                "--------------------------------------------",
                $"{Task(s)} is trying to acquire lock:",
                $" ({name}), at: {site}",
                "but task is already holding lock:",
                $" ({name})",
                "*** DEADLOCK ***"]);
        }

        if (s.InSoftirq && owner >= 0 && Observed.Strand(owner) is { Role: StrandRole.Process } holder
            && holder.Cpu == s.Cpu)
        {
            FailWith(FindingKinds.LockContextMismatch, s, site, $"{name}: self-deadlock on CPU{s.Cpu}", [
                $"softirq on CPU{s.Cpu} spins on {name}, held by {Reports.StrandName(owner)} on the same CPU with softirqs enabled",
                "the holder cannot run until the softirq returns: a self-deadlock, seen as an RCU stall",
                "(rcu: INFO: rcu_sched self-detected stall on CPU)"],
                Reports.ReaderSection("The holder", owner));
        }

        var cls = _classes[ClassIdOf(lockRef)];
        var record = Observed.Record(s, flavor switch
        {
            LockFlavor.Bh => "spin_lock_bh",
            LockFlavor.Irq => "spin_lock_irqsave",
            _ => "spin_lock",
        }, site);
        if (s.InSoftirq)
        {
            if (cls.SoftirqOn.IsSet)
            {
                Inconsistent(s, site, lockRef, "{SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W}", "{SOFTIRQ-ON-W}", cls.SoftirqOn);
            }

            if (!cls.InSoftirq.IsSet)
            {
                cls.InSoftirq = record;
            }
        }
        else if (s.Role == StrandRole.Process && s.BhDepth == 0 && s.IrqDepth == 0)
        {
            if (cls.InSoftirq.IsSet)
            {
                Inconsistent(s, site, lockRef, "{IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W}", "{IN-SOFTIRQ-W}", cls.InSoftirq);
            }

            if (!cls.SoftirqOn.IsSet)
            {
                cls.SoftirqOn = record;
            }
        }
    }

    public override void OnLockTaken(Spinlock lockRef, ulong word, LockFlavor flavor, in Callsite site)
    {
        if ((uint)(word >> 32) != Spinlock.Magic)
        {
            BadMagic(lockRef, word, site, "spin_lock");
        }
    }

    public override void OnLockRelease(Spinlock lockRef, ulong word, in Callsite site)
    {
        var s = Observed.Current;
        if ((uint)(word >> 32) != Spinlock.Magic)
        {
            BadMagic(lockRef, word, site, "spin_unlock");
        }

        var owner = (int)(uint)word - 1;
        if (owner != s.Id)
        {
            var what = owner < 0 ? "already unlocked" : $"wrong owner (held by {Reports.StrandName(owner)})";
            FailWith(FindingKinds.BadSpinlock, s, site, ClassName(lockRef), [
                $"BUG: spinlock {what} on CPU#{s.Cpu}, {Observed.NameOf(s.Id)}/{s.Id}",
                $" lock: {FindingSections.Px(lockRef.Address)}, .magic: {(uint)(word >> 32):x8}, .owner: {owner}"],
                Reports.LastWriterSection("Last writer of the lock word", lockRef.Address, Observed.LockView(lockRef.Address)));
        }
    }

    public override void OnLockAssertHeld(Spinlock lockRef, in Callsite site)
    {
        var s = Observed.Current;
        if (!s.HeldLocks.Contains(lockRef.Address))
        {
            FailWith(FindingKinds.LockNotHeld, s, site, ClassName(lockRef), [
                $"WARNING: CPU: {s.Cpu} PID: {s.Id} lockdep_assert_held({ClassName(lockRef)}) failed at {site}",
                $"{Task(s)} holds {s.HeldLocks.Count} lock(s)"]);
        }
    }

    public override void AtEnd()
    {
        for (var id = 0; id < Observed.StrandCount; id++)
        {
            var s = Observed.Strand(id);
            if (!s.Known || s.Role != StrandRole.Process)
            {
                continue;
            }

            if (s.HeldLocks.Count > 0 || s.IrqDepth + s.PreemptDepth + s.BhDepth + s.RcuDepth > 0)
            {
                var held = s.HeldLocks.Count > 0 ? $"{s.HeldLocks.Count} lock(s) still held; " : "";
                Observed.Fail(Reports.Make(FindingKinds.UnbalancedContext, Observed.NameOf(id),
                [
                    new ReportSection("Context at exit", [
                        "WARNING: lock held when returning to user space!",
                        $"{Reports.StrandName(id)} finished with {held}irq-off depth {s.IrqDepth}, preempt depth {s.PreemptDepth}, bh depth {s.BhDepth}, rcu_read_lock depth {s.RcuDepth}"]),
                    s.SectionOpen ? Reports.ReaderSection("The section left open", id) : null,
                ]));
            }
        }
    }

    private void Inconsistent(IStrandView s, in Callsite site, Spinlock lockRef, string transition, string earlier,
        in EventRecord registered)
    {
        var name = ClassName(lockRef);
        var state = $"[HC0[0]:SC{(s.InSoftirq ? 1 : 0)}[{(s.InSoftirq ? 1 : 0)}]:HE{(s.IrqDepth == 0 ? 1 : 0)}:SE{(s.BhDepth == 0 && !s.InSoftirq ? 1 : 0)}]";
        FailWith(FindingKinds.LockContextMismatch, s, site, $"{name}: inconsistent {transition} usage", [
            "================================",
            "WARNING: inconsistent lock state",
            "--------------------------------",
            $"inconsistent {transition} usage.",
            $"{Observed.NameOf(s.Id)}/{s.Id} {state} takes:",
            $" ({name}), at: {site}",
            $"{earlier} state was registered at: T{registered.Strand} {registered.What} at step {registered.Step}",
            "Possible unsafe locking scenario:",
            "      CPU0",
            "      ----",
            $" lock({name});",
            " <Interrupt>",
            $"   lock({name});",
            " *** DEADLOCK ***"],
            Reports.Event($"{earlier} state registered", registered));
    }

    private void BadMagic(Spinlock lockRef, ulong word, in Callsite site, string primitive)
    {
        var s = Observed.Current;
        var owner = (int)(uint)word - 1;
        FailWith(FindingKinds.BadSpinlock, s, site, ClassName(lockRef), [
            $"BUG: spinlock bad magic on CPU#{s.Cpu}, {Observed.NameOf(s.Id)}/{s.Id}",
            $" lock: {FindingSections.Px(lockRef.Address)} ({Reports.Describe(lockRef.Address)}), .magic: {(uint)(word >> 32):x8}, .owner: {owner}",
            $" in {primitive}: the lock was never initialised, or was destroyed (pgtable dtor) or freed"],
            Reports.LastWriterSection("Last writer of the lock word", lockRef.Address, Observed.LockView(lockRef.Address)),
            LockPageDump(lockRef));
    }

    private ReportSection? LockPageDump(Spinlock lockRef) =>
        Observed.IsRam(lockRef.Address) && Lifetime.Kind(lockRef.Address >> PhysicalLayout.PageShift) == PageKind.Vmemmap
            ? Reports.PageDump(StructPage.PfnOf(lockRef.Address))
            : null;

    private void FailWith(string kind, IStrandView s, in Callsite site, string subject, string[] lines,
        params ReportSection?[] more)
    {
        var sections = new List<ReportSection?>
        {
            new("lockdep", lines),
            new("Acquisition", [$"by {Reports.StrandName(s.Id)} at step {Observed.Step}", .. Reports.Stack(s.StackNode, site, null)]),
        };
        sections.AddRange(more);
        Observed.Fail(Reports.Make(kind, Reports.Function(s, site), subject, sections));
    }

    private string Task(IStrandView s) => $"{Observed.NameOf(s.Id)}/{s.Id}";

    private int ClassIdOf(Spinlock lockRef) =>
        _classOfLock.TryGetValue(lockRef.Address, out var id)
            ? id
            : ClassId(Observed.LockView(lockRef.Address).Name());

    private string ClassName(Spinlock lockRef) => _classes[ClassIdOf(lockRef)].Name;

    private int ClassId(string name)
    {
        if (!_classIds.TryGetValue(name, out var id))
        {
            id = _classes.Count;
            _classes.Add(new LockClass(name));
            _classIds.Add(name, id);
        }

        return id;
    }

    private sealed class LockClass(string name)
    {
        public string Name { get; } = name;

        /// <summary>First acquisition in process context with softirqs enabled.</summary>
        public EventRecord SoftirqOn;

        /// <summary>First acquisition from softirq.</summary>
        public EventRecord InSoftirq;
    }
}
