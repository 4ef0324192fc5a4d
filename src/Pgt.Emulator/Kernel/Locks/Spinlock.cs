namespace Pgt.Emulator.Kernel;

/// <summary>
/// A <c>spinlock_t *</c>: one word of emulated memory. With DEBUG_SPINLOCK its upper half holds the
/// magic 0xdead4ead once initialised; the lower half holds the owner strand + 1 (0 when unlocked).
/// </summary>
public readonly struct Spinlock : IEquatable<Spinlock>
{
    public const uint Magic = 0xdead4ead;

    public Spinlock(Machine machine, ulong address)
    {
        Machine = machine;
        Address = address;
    }

    public Machine Machine { get; }

    public ulong Address { get; }

    public bool Equals(Spinlock other) => Address == other.Address && ReferenceEquals(Machine, other.Machine);

    public override bool Equals(object? obj) => obj is Spinlock other && Equals(other);

    public override int GetHashCode() => Address.GetHashCode();

    public static bool operator ==(Spinlock left, Spinlock right) => left.Equals(right);

    public static bool operator !=(Spinlock left, Spinlock right) => !left.Equals(right);

    public override string ToString() => $"spinlock 0x{Address:x}";
}
