using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>A spinning strand becomes enabled when the owner half of the lock word is 0.</summary>
internal sealed class LockFreeCondition : IWaitCondition
{
    private readonly Machine machine;

    public LockFreeCondition(Machine machine) => this.machine = machine;

    public ulong Target { get; set; }

    public bool IsSatisfied => !machine.Memory.IsRam(Target) || (uint)machine.Memory.Peek(Target) == 0;

    public override string ToString()
    {
        var owner = machine.Memory.IsRam(Target) ? (int)(uint)machine.Memory.Peek(Target) - 1 : -1;
        var held = owner >= 0 ? $", held by {machine.Reports.StrandName(owner)}" : "";
        return $"spin_lock on {ReportWriter.Hex(Target)} ({machine.Reports.Describe(Target)}){held}";
    }
}
