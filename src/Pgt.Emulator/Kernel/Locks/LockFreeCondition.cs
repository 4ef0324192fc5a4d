using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>A spinning strand becomes enabled when the owner half of the lock word is 0.</summary>
internal sealed class LockFreeCondition : IWaitCondition
{
    private readonly Machine _machine;

    public LockFreeCondition(Machine machine) => this._machine = machine;

    public ulong Target { get; set; }

    public bool IsSatisfied => !_machine.Memory.IsRam(Target) || (uint)_machine.Memory.Peek(Target) == 0;

    public override string ToString()
    {
        var owner = _machine.Memory.IsRam(Target) ? (int)(uint)_machine.Memory.Peek(Target) - 1 : -1;
        var held = owner >= 0 ? $", held by {_machine.Findings.StrandName(owner)}" : "";
        return $"spin_lock on {FindingSections.Hex(Target)} ({_machine.Findings.Describe(Target)}){held}";
    }
}
