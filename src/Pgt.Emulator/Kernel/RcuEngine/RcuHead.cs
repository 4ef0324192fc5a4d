
namespace Pgt.Emulator.Kernel;

/// <summary>
/// A <c>struct rcu_head *</c>: <c>next</c> at <see cref="Address"/>, <c>func</c> 8 bytes later. In a
/// struct page these are the very words of <c>lru.next</c>/<c>lru.prev</c>.
/// </summary>
public readonly struct RcuHead : IEquatable<RcuHead>
{
    public RcuHead(Machine machine, ulong address)
    {
        Machine = machine;
        Address = address;
    }

    public Machine Machine { get; }

    public ulong Address { get; }

    public Field Next => new(Address, View.RcuHeadNext);

    public Field Func => new(Address + PhysicalLayout.WordSize, View.RcuHeadFunc);

    public bool Equals(RcuHead other) => Address == other.Address && ReferenceEquals(Machine, other.Machine);

    public override bool Equals(object? obj) => obj is RcuHead other && Equals(other);

    public override int GetHashCode() => Address.GetHashCode();

    public static bool operator ==(RcuHead left, RcuHead right) => left.Equals(right);

    public static bool operator !=(RcuHead left, RcuHead right) => !left.Equals(right);

    public override string ToString() => $"rcu_head 0x{Address:x}";
}

/// <summary>An RCU callback (<c>rcu_callback_t</c>); it runs in softirq context with no mm.</summary>
public delegate void RcuCallback(RcuHead head);
