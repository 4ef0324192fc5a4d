using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>The grace-period kthread has work: some callback or waiter needs a grace period not yet completed.</summary>
internal sealed class GpWorkCondition(RcuEngine rcu) : IWaitCondition
{
    public bool IsSatisfied => rcu.Requested > rcu.Completed;

    public override string ToString() => "a grace period to be requested";
}

/// <summary>Every reader section open at gp_start has ended (or the engine is broken on purpose).</summary>
internal sealed class GpReadersGoneCondition(RcuEngine rcu) : IWaitCondition
{
    public bool IsSatisfied => rcu.GpReadersGone();

    public override string ToString() => rcu.DescribeGpWait();
}

/// <summary>CPU <c>cpu</c> has a callback whose grace period completed, and a softirq may run there.</summary>
internal sealed class CallbackReadyCondition(RcuEngine rcu, int cpu) : IWaitCondition
{
    public bool IsSatisfied => rcu.CallbackReady(cpu);

    public override string ToString() => $"an RCU callback of CPU{cpu} to be ready";
}

/// <summary>synchronize_rcu: the grace period the caller needs has completed.</summary>
internal sealed class GpCompletedCondition(RcuEngine rcu) : IWaitCondition
{
    public long Target { get; set; }

    public bool IsSatisfied => rcu.Completed >= Target;

    public override string ToString() => $"synchronize_rcu: grace period {Target} to complete (completed: {rcu.Completed})";
}

/// <summary>tlb_remove_table_sync_one: every CPU that had irqs off at the IPI has enabled them since.</summary>
internal sealed class IpiCondition(Machine machine) : IWaitCondition
{
    public int Offset { get; set; }

    public int Count { get; set; }

    public bool IsSatisfied => machine.Rcu.IrqSectionsEnded(Offset, Count);

    public override string ToString() => "smp_call_function: CPUs with irqs off to take the IPI";
}

/// <summary>rcu_barrier: every queued callback has run.</summary>
internal sealed class BarrierCondition(RcuEngine rcu) : IWaitCondition
{
    public bool IsSatisfied => rcu.AllCallbacksDone;

    public override string ToString() => "rcu_barrier: all queued callbacks to run";
}
