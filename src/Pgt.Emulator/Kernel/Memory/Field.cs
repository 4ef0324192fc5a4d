namespace Pgt.Emulator.Kernel;

/// <summary>A word of emulated memory named through one view: <c>page.PtMm</c>, <c>table.Entry(3)</c>.</summary>
public readonly record struct Field(ulong Address, View View)
{
    public override string ToString() => $"{View.Name()} @ 0x{Address:x}";
}

/// <summary>
/// An <c>atomic_t</c> (32 bits) in one half of a word: <c>_refcount</c> is the high half of struct page
/// word 6, <c>_mapcount</c> the low half.
/// </summary>
public readonly record struct Atomic32(ulong WordAddress, bool HighHalf, View View)
{
    public uint ValueIn(ulong word) => HighHalf ? (uint)(word >> 32) : (uint)word;

    public ulong Place(uint value) => HighHalf ? (ulong)value << 32 : value;
}
