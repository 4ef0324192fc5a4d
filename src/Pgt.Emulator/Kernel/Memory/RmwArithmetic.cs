namespace Pgt.Emulator.Kernel;

/// <summary>The value a read-modify-write leaves in a word, from the value it found.</summary>
internal static class RmwArithmetic
{
    public static ulong Apply(RmwOp op, ulong old, ulong operand, ulong expected) => op switch
    {
        RmwOp.Xor => old ^ operand,
        RmwOp.Add => old + operand,
        RmwOp.AddHigh32 => old + (operand << 32),
        RmwOp.AddHigh32UnlessZero => (old >> 32) == 0 ? old : old + (operand << 32),
        RmwOp.AddLow32 => (old & 0xffff_ffff_0000_0000UL) | (uint)((uint)old + (uint)operand),
        RmwOp.Or => old | operand,
        RmwOp.AndNot => old & ~operand,
        RmwOp.Exchange => operand,
        RmwOp.CompareExchange => old == expected ? operand : old,
        RmwOp.ReplaceMasked => (old & expected) | operand,
        _ => old,
    };
}
