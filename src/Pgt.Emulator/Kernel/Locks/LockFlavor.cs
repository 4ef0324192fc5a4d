namespace Pgt.Emulator.Kernel;

/// <summary>How a spinlock is taken: which context the holder keeps out.</summary>
public enum LockFlavor : byte
{
    /// <summary><c>spin_lock</c>: preemption off, softirqs and irqs still on.</summary>
    Plain,
    /// <summary><c>spin_lock_bh</c>: softirqs off on this CPU.</summary>
    Bh,
    /// <summary><c>spin_lock_irqsave</c>: irqs off on this CPU.</summary>
    Irq,
}
