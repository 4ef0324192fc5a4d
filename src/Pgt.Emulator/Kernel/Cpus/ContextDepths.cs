namespace Pgt.Emulator.Kernel;

/// <summary>
/// A strand's irq, preempt, bh and rcu_read_lock depths and whether it runs a softirq: the one place that
/// says what a change of one of them does and which sections the strand is in, for the change itself
/// (<see cref="Machine.ApplyContext"/>) and for the declaration that predicts it (<see cref="Machine.SectionChange"/>).
/// </summary>
internal readonly record struct ContextDepths(int Irq, int Preempt, int Bh, int Rcu, bool Softirq)
{
    /// <summary>Inside an RCU read-side section of any flavour.</summary>
    public bool IsReader => Rcu + Irq + Preempt + Bh > 0 || Softirq;

    /// <summary>Inside an irq-off section (the one the IPI of tlb_remove_table_sync_one waits for).</summary>
    public bool IsIrqOff => Irq > 0;

    /// <summary>Some depth went below zero: a leave without its enter.</summary>
    public bool IsUnbalanced => (Irq | Preempt | Bh | Rcu) < 0;

    /// <summary>These depths after <paramref name="kind"/> changes by <paramref name="delta"/> (a softirq is in or out).</summary>
    public ContextDepths After(ContextKind kind, int delta) => kind switch
    {
        ContextKind.Irq => this with { Irq = Irq + delta },
        ContextKind.Preempt => this with { Preempt = Preempt + delta },
        ContextKind.Bh => this with { Bh = Bh + delta },
        ContextKind.Rcu => this with { Rcu = Rcu + delta },
        _ => this with { Softirq = delta > 0 },
    };

    /// <summary>The depth of <paramref name="kind"/> (a softirq's: 1 inside, 0 outside).</summary>
    public int Of(ContextKind kind) => kind switch
    {
        ContextKind.Irq => Irq,
        ContextKind.Preempt => Preempt,
        ContextKind.Bh => Bh,
        ContextKind.Rcu => Rcu,
        _ => Softirq ? 1 : 0,
    };
}
