namespace Pgt.Emulator.Kernel;

/// <summary>A <c>struct mm_struct *</c> in emulated memory (see <see cref="MmLayout"/>).</summary>
public readonly struct Mm : IEquatable<Mm>
{
    public Mm(Machine machine, ulong address)
    {
        Machine = machine;
        Address = address;
    }

    public Machine Machine { get; }

    public ulong Address { get; }

    public bool IsNull => Machine is null || Address == 0;

    public ulong WordAddress(int word) => Address + (ulong)word * PhysicalLayout.WordSize;

    /// <summary><c>mm->context</c>: the fragment list and its lock.</summary>
    public MmContext Context => new(this);

    public Field MmUsers => new(WordAddress(MmLayout.Users), View.MmUsers);

    public Field MmCount => new(WordAddress(MmLayout.Count), View.MmCount);

    /// <summary><c>mm->pgd</c>: here the segment (pmd) table, the only upper level emulated.</summary>
    public Field Pgd => new(WordAddress(MmLayout.Pgd), View.MmPgd);

    public Field NrPtes => new(WordAddress(MmLayout.NrPtes), View.MmNrPtes);

    /// <summary><c>mm->mmap_lock</c> (a rw_semaphore; see <see cref="MmapLockPrimitives"/>).</summary>
    public Field MmapLock => new(WordAddress(MmLayout.MmapLock), View.MmapLock);

    /// <summary><c>mm->mm_mt</c>, one bit per 1 MiB region (see <see cref="MmLayout.Vmas"/>).</summary>
    public Field Vmas => new(WordAddress(MmLayout.Vmas), View.MmVmas);

    /// <summary>The mapped file's <c>i_mmap_rwsem</c> (see <see cref="MmLayout.IMmapRwsem"/>).</summary>
    public Field IMmapRwsem => new(WordAddress(MmLayout.IMmapRwsem), View.IMmapRwsem);

    /// <summary>The mapped file's <c>i_mmap</c> tree, for this mm (see <see cref="MmLayout.IMmapLinked"/>).</summary>
    public Field IMmapLinked => new(WordAddress(MmLayout.IMmapLinked), View.IMmapLinked);

    public bool Equals(Mm other) => Address == other.Address && ReferenceEquals(Machine, other.Machine);

    public override bool Equals(object? obj) => obj is Mm other && Equals(other);

    public override int GetHashCode() => Address.GetHashCode();

    public static bool operator ==(Mm left, Mm right) => left.Equals(right);

    public static bool operator !=(Mm left, Mm right) => !left.Equals(right);

    public override string ToString() => $"mm 0x{Address:x}";
}

/// <summary>s390's <c>mm_context_t</c>: <c>lock</c> and <c>pgtable_list</c>.</summary>
public readonly struct MmContext
{
    private readonly Mm _mm;

    public MmContext(Mm mm) => this._mm = mm;

    public Spinlock Lock => new(_mm.Machine, _mm.WordAddress(MmLayout.ContextLock));

    public ListHead PgtableList =>
        new(_mm.Machine, _mm.WordAddress(MmLayout.PgtableListNext), View.PgtableListNext, View.PgtableListPrev);

    public Field Flags => new(_mm.WordAddress(MmLayout.ContextFlags), View.ContextFlags);
}
