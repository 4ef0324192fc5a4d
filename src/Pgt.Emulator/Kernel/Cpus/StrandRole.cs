namespace Pgt.Emulator.Kernel;

/// <summary>What kind of kernel context a strand emulates.</summary>
public enum StrandRole : byte
{
    /// <summary>A task in process context, bound to one CPU.</summary>
    Process,
    /// <summary>The RCU grace-period kthread (runs on no particular CPU).</summary>
    GracePeriodKthread,
    /// <summary>The softirq of one CPU, running RCU callbacks; it interrupts that CPU's tasks.</summary>
    Softirq,
}
