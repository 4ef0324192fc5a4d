using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

[Flags]
internal enum WordFlags : byte
{
    None = 0,
    /// <summary>The word is the <c>next</c> word of an rcu_head queued by call_rcu (debugobjects: active).</summary>
    ActiveRcuHead = 1,
    /// <summary>The word is the <c>func</c> word of an active rcu_head.</summary>
    ActiveRcuFunc = 2,
}

/// <summary>The shadow of one word: its last writer, the view it wrote through, the value it replaced.</summary>
internal struct WordShadow
{
    /// <summary>Writer strand + 1; 0 when not written in this execution (boot-time contents).</summary>
    public int Writer;
    public int Step;
    public int Stack;
    public View View;
    public WordFlags Flags;
    public string? Primitive;
    public Callsite Site;
    public ulong Previous;

    public readonly bool Written => Writer != 0;
}
