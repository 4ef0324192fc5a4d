namespace Pgt.Emulator.Kernel;

/// <summary>
/// A <c>struct list_head *</c> in emulated memory: <c>next</c> at <see cref="Address"/>, <c>prev</c> 8
/// bytes later. The views name the words in reports (<c>lru.next</c>, <c>context.pgtable_list.prev</c>,
/// <c>list_head.next</c> for a list threaded through a page table).
/// </summary>
public readonly struct ListHead : IEquatable<ListHead>
{
    public ListHead(Machine machine, ulong address, View nextView = View.ListNext, View prevView = View.ListPrev)
    {
        Machine = machine;
        Address = address;
        NextView = nextView;
        PrevView = prevView;
    }

    public Machine Machine { get; }

    public ulong Address { get; }

    public View NextView { get; }

    public View PrevView { get; }

    public Field Next => new(Address, NextView);

    public Field Prev => new(Address + PhysicalLayout.WordSize, PrevView);

    /// <summary>The list node stored in the first two words of some memory (a table, an object).</summary>
    public static ListHead At(Machine machine, ulong address) => new(machine, address);

    /// <summary>The same kind of list node at another address (a neighbour read from next/prev).</summary>
    public ListHead Sibling(ulong address) => new(Machine, address, NextView, PrevView);

    public bool Equals(ListHead other) => Address == other.Address && ReferenceEquals(Machine, other.Machine);

    public override bool Equals(object? obj) => obj is ListHead other && Equals(other);

    public override int GetHashCode() => Address.GetHashCode();

    public static bool operator ==(ListHead left, ListHead right) => left.Equals(right);

    public static bool operator !=(ListHead left, ListHead right) => !left.Equals(right);

    public override string ToString() => $"list_head 0x{Address:x}";
}
