namespace Pgt.Emulator.Kernel;

/// <summary>The kinds of non-preemptible or read-side context a strand can be in.</summary>
internal enum ContextKind : byte
{
    Irq,
    Preempt,
    Bh,
    Rcu,
    Softirq,
}
