namespace Pgt.Emulator.Kernel;

/// <summary>
/// A pte table (<c>pgtable_t</c> / <c>unsigned long *table</c>): 256 entries of 8 bytes, 2 KiB, so two
/// fit in a 4 KiB page (the lower half at offset 0, the upper at 0x800).
/// </summary>
public readonly struct PteTable : IEquatable<PteTable>
{
    public PteTable(Machine machine, ulong address)
    {
        Machine = machine;
        Address = address;
    }

    public Machine Machine { get; }

    public ulong Address { get; }

    public bool IsNull => Machine is null || Address == 0;

    /// <summary>The address of entry <paramref name="index"/>, as a pte.</summary>
    public Field Entry(int index) => new(Address + (ulong)index * PhysicalLayout.WordSize, View.Pte);

    /// <summary><c>virt_to_page(table)</c>.</summary>
    public Page Page => Page.FromAddress(Machine, Address);

    /// <summary>0 for the lower 2K half of its page, 1 for the upper: s390's <c>bit</c>.</summary>
    public int Half => (int)((Address & ~PhysicalLayout.PageMask) / PageTableBits.PteTableSize);

    public bool Equals(PteTable other) => Address == other.Address && ReferenceEquals(Machine, other.Machine);

    public override bool Equals(object? obj) => obj is PteTable other && Equals(other);

    public override int GetHashCode() => Address.GetHashCode();

    public static bool operator ==(PteTable left, PteTable right) => left.Equals(right);

    public static bool operator !=(PteTable left, PteTable right) => !left.Equals(right);

    public override string ToString() => $"pte table 0x{Address:x}";
}
