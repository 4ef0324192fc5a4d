namespace Pgt.Emulator.Kernel;

/// <summary>The shadow of one word: its last writer, the view it wrote through, the value it replaced.</summary>
internal struct WordShadow
{
    /// <summary>Writer strand + 1; 0 when not written in this execution (boot-time contents).</summary>
    public int Writer;
    public int Step;
    public int Stack;
    public View View;
    public string? Primitive;
    public Callsite Site;
    public ulong Previous;

    public readonly bool Written => Writer != 0;
}
