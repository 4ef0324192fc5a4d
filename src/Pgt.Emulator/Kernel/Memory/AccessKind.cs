namespace Pgt.Emulator.Kernel;

internal enum AccessKind : byte
{
    Read,
    Write,
    ReadModifyWrite,
}

/// <summary>The read-modify-write operations on a word.</summary>
internal enum RmwOp : byte
{
    Xor,
    Add,
    /// <summary>Adds to the high 32 bits only (an atomic_t in the upper half of the word).</summary>
    AddHigh32,
    /// <summary>
    /// Adds to the high 32 bits unless they are 0 (page_ref_add_unless(page, nr, 0)); a failed add leaves
    /// the word as it was and, like a failed cmpxchg, is no store.
    /// </summary>
    AddHigh32UnlessZero,
    /// <summary>Adds to the low 32 bits only, without carrying into the high half.</summary>
    AddLow32,
    Or,
    AndNot,
    Exchange,
    CompareExchange,
    /// <summary>new = (old &amp; mask) | operand, the mask passed as the expected value.</summary>
    ReplaceMasked,
}
