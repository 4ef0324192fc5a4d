using System.Runtime.CompilerServices;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// irq, preemption and bottom-half control. Each is a scheduling point; any of them opens an RCU
/// read-side section (consolidated RCU: irq-off, preempt-off and bh-off regions are readers).
/// </summary>
public static class CpuPrimitives
{
    /// <summary>local_irq_save(flags): returns the flags to restore (1 when irqs were on).</summary>
    public static ulong LocalIrqSave(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var flags = m.Current.IrqDepth == 0 ? 1UL : 0UL;
        m.ChangeContext(ContextKind.Irq, +1, "local_irq_save", new Callsite(caller, file, line));
        return flags;
    }

    /// <summary>local_irq_restore(flags).</summary>
    public static void LocalIrqRestore(this Machine m, ulong flags, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        _ = flags;
        m.ChangeContext(ContextKind.Irq, -1, "local_irq_restore", new Callsite(caller, file, line));
    }

    public static void LocalIrqDisable(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Irq, +1, "local_irq_disable", new Callsite(caller, file, line));

    public static void LocalIrqEnable(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Irq, -1, "local_irq_enable", new Callsite(caller, file, line));

    public static void PreemptDisable(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Preempt, +1, "preempt_disable", new Callsite(caller, file, line));

    public static void PreemptEnable(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Preempt, -1, "preempt_enable", new Callsite(caller, file, line));

    public static void LocalBhDisable(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Bh, +1, "local_bh_disable", new Callsite(caller, file, line));

    public static void LocalBhEnable(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Bh, -1, "local_bh_enable", new Callsite(caller, file, line));

    /// <summary>in_softirq(): running an RCU callback (or with bh disabled).</summary>
    public static bool InSoftirq(this Machine m) => m.Current.InSoftirq || m.Current.BhDepth > 0;

    /// <summary>irqs_disabled().</summary>
    public static bool IrqsDisabled(this Machine m) => m.Current.IrqDepth > 0;
}
