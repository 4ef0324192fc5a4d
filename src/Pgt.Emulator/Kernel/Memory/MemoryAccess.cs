namespace Pgt.Emulator.Kernel;

/// <summary>One access to an emulated word, as the checkers observe it (before a write is committed).</summary>
internal readonly struct MemoryAccess
{
    public MemoryAccess(AccessKind kind, ulong address, ulong oldValue, ulong newValue, View view, AccessMode mode,
        string primitive, Callsite site, int strand, int step, int stack)
    {
        Kind = kind;
        Address = address;
        OldValue = oldValue;
        NewValue = newValue;
        View = view;
        Mode = mode;
        Primitive = primitive;
        Site = site;
        Strand = strand;
        Step = step;
        Stack = stack;
    }

    public AccessKind Kind { get; }
    public ulong Address { get; }
    public ulong OldValue { get; }
    public ulong NewValue { get; }
    public View View { get; }
    public AccessMode Mode { get; }
    public string Primitive { get; }
    public Callsite Site { get; }
    public int Strand { get; }
    public int Step { get; }
    public int Stack { get; }

    public bool IsWrite => Kind != AccessKind.Read;
}
