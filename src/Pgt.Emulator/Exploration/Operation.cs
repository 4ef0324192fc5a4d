using System.Runtime.CompilerServices;

namespace Pgt.Emulator.Exploration;

/// <summary>
/// A pending operation: what the strand does between this scheduling point and its next one. Its primary
/// access is (<see cref="Kind"/>, <see cref="Resource"/>). <see cref="Resource"/> is the emulated physical
/// byte address of an 8-byte word for memory operations, so two views of one union word (lru.next,
/// rcu_head.next) are the same resource; synchronisation objects (locks, RCU state) use ids from
/// <see cref="Resources.Sync"/>, which never collide with addresses.
/// <para>
/// One step may touch more than one resource at once (a store into a pmd detaches one table and attaches
/// another; a verdict reads state kept on another resource): <see cref="And"/> adds up to
/// <see cref="MaxAccesses"/> - 1 more accesses, and <see cref="StrandState"/> says how the step touches the
/// per-strand state. All of them happen atomically at the point: DPOR orders the step against every step
/// that conflicts with any of them.
/// </para>
/// </summary>
public readonly struct Operation : IEquatable<Operation>
{
    /// <summary>The most resources one operation can declare.</summary>
    public const int MaxAccesses = 7;

    /// <summary>The strand set of a read of every strand's state.</summary>
    public const ulong AllStrands = ulong.MaxValue;

    // The accesses fill the slots in order; the first Local slot ends them.
    private readonly AccessSlots _accesses;

    public Operation(OperationKind kind, ulong resource)
    {
        _accesses[0] = new ResourceAccess(kind, resource);
    }

    private Operation(in AccessSlots accesses, StrandStateAccess strandState, ulong readStrands)
    {
        _accesses = accesses;
        StrandState = strandState;
        ReadStrands = readStrands;
    }

    public static Operation Local => default;

    /// <summary>The kind of the primary access.</summary>
    public OperationKind Kind => _accesses[0].Kind;

    /// <summary>The resource of the primary access.</summary>
    public ulong Resource => _accesses[0].Resource;

    /// <summary>How the step touches the per-strand state (see <see cref="StrandStateAccess"/>).</summary>
    public StrandStateAccess StrandState { get; }

    /// <summary>
    /// For <see cref="StrandStateAccess.Reads"/> and <see cref="StrandStateAccess.ReadsEnds"/>, the strands
    /// whose state it reads, one bit each (<see cref="AllStrands"/>: every strand); 0 otherwise.
    /// </summary>
    public ulong ReadStrands { get; }

    /// <summary>Whether the primary access writes.</summary>
    public bool IsWrite => IsWriting(Kind);

    /// <summary>The number of resource accesses declared (0 for a local operation); they fill the slots in order.</summary>
    public int AccessCount
    {
        get
        {
            ReadOnlySpan<ResourceAccess> accesses = _accesses;
            var count = 0;
            while (count < MaxAccesses && accesses[count].Kind != OperationKind.Local)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>The <paramref name="index"/>-th access, 0 being the primary one.</summary>
    public (OperationKind Kind, ulong Resource) Access(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxAccesses);
        var access = _accesses[index];
        return (access.Kind, access.Resource);
    }

    /// <summary>
    /// This operation plus an access of <paramref name="kind"/> to <paramref name="resource"/>. An access to
    /// a resource already declared merges into it (a write wins); a local one adds nothing.
    /// </summary>
    public Operation And(OperationKind kind, ulong resource)
    {
        if (kind == OperationKind.Local)
        {
            return this;
        }

        var accesses = _accesses;
        for (var i = 0; i < MaxAccesses; i++)
        {
            var existing = accesses[i];
            if (existing.Kind == OperationKind.Local)
            {
                accesses[i] = new ResourceAccess(kind, resource);
                return new Operation(accesses, StrandState, ReadStrands);
            }

            if (existing.Resource == resource)
            {
                accesses[i] = new ResourceAccess(Stronger(existing.Kind, kind), resource);
                return new Operation(accesses, StrandState, ReadStrands);
            }
        }

        throw new InvalidOperationException($"an operation declares at most {MaxAccesses} resources");
    }

    /// <summary>
    /// This operation, touching the per-strand state as <paramref name="access"/> says (a read: every strand's).
    /// </summary>
    public Operation With(StrandStateAccess access) =>
        new(_accesses, access, IsRead(access) ? AllStrands : 0);

    /// <summary>This operation, reading the state of the strands in <paramref name="strands"/> (one bit each).</summary>
    public Operation ReadingStrands(ulong strands) => new(_accesses, StrandStateAccess.Reads, strands);

    /// <summary>
    /// This operation, reading only whether recorded sections of the strands in <paramref name="strands"/>
    /// (one bit each) have ended (<see cref="StrandStateAccess.ReadsEnds"/>).
    /// </summary>
    public Operation ReadingEnds(ulong strands) => new(_accesses, StrandStateAccess.ReadsEnds, strands);

    /// <summary>True when one of the declared accesses writes <paramref name="resource"/>.</summary>
    public bool Writes(ulong resource)
    {
        ReadOnlySpan<ResourceAccess> accesses = _accesses;
        for (var i = 0; i < MaxAccesses && accesses[i].Kind != OperationKind.Local; i++)
        {
            if (accesses[i].Resource == resource && IsWriting(accesses[i].Kind))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Two operations of different strands, <paramref name="strand"/> running this one and
    /// <paramref name="otherStrand"/> the other, conflict when they touch one resource and one of them
    /// writes it, or when one changes its strand's own state in a way the other's read of that strand sees
    /// (an ending is seen by both reads, a beginning only by <see cref="StrandStateAccess.Reads"/>).
    /// </summary>
    public bool ConflictsWith(int strand, Operation other, int otherStrand) =>
        ChangesStateReadBy(strand, other) || other.ChangesStateReadBy(otherStrand, this) || SharesWrittenResource(other);

    /// <summary>
    /// <see cref="ConflictsWith(int, Operation, int)"/> when the strands are not known: a change of one's
    /// own state conflicts with every read of strand state that names some strand.
    /// </summary>
    public bool ConflictsWith(Operation other) =>
        (Sees(other.StrandState, StrandState) && other.ReadStrands != 0)
        || (Sees(StrandState, other.StrandState) && ReadStrands != 0)
        || SharesWrittenResource(other);

    /// <summary>
    /// Whether a step touching the per-strand state as <paramref name="a"/> says and one touching it as
    /// <paramref name="b"/> says can conflict through it (one changes what the other reads), strands aside.
    /// </summary>
    internal static bool StrandStatesMeet(StrandStateAccess a, StrandStateAccess b) => Sees(a, b) || Sees(b, a);

    private bool ChangesStateReadBy(int strand, Operation reader) =>
        Sees(reader.StrandState, StrandState) && (uint)strand < 64 && (reader.ReadStrands & (1UL << strand)) != 0;

    /// <summary>Whether a read of strand state as <paramref name="read"/> says sees a change as <paramref name="change"/> says.</summary>
    private static bool Sees(StrandStateAccess read, StrandStateAccess change) => read switch
    {
        StrandStateAccess.Reads => change is StrandStateAccess.WritesOwn or StrandStateAccess.OpensOwn,
        StrandStateAccess.Snapshots => change == StrandStateAccess.OpensOwn,
        StrandStateAccess.ReadsEnds => change == StrandStateAccess.WritesOwn,
        _ => false,
    };

    private static bool IsRead(StrandStateAccess access) =>
        access is StrandStateAccess.Reads or StrandStateAccess.ReadsEnds or StrandStateAccess.Snapshots;

    private bool SharesWrittenResource(Operation other)
    {
        ReadOnlySpan<ResourceAccess> mine = _accesses;
        ReadOnlySpan<ResourceAccess> theirs = other._accesses;
        for (var i = 0; i < MaxAccesses && mine[i].Kind != OperationKind.Local; i++)
        {
            for (var j = 0; j < MaxAccesses && theirs[j].Kind != OperationKind.Local; j++)
            {
                if (mine[i].Resource == theirs[j].Resource && (IsWriting(mine[i].Kind) || IsWriting(theirs[j].Kind))
                    && !(mine[i].Kind == OperationKind.SharedUpdate && theirs[j].Kind == OperationKind.SharedUpdate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public bool Equals(Operation other)
    {
        if (StrandState != other.StrandState || ReadStrands != other.ReadStrands)
        {
            return false;
        }

        ReadOnlySpan<ResourceAccess> mine = _accesses;
        return mine.SequenceEqual((ReadOnlySpan<ResourceAccess>)other._accesses);
    }

    public override bool Equals(object? obj) => obj is Operation other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(StrandState);
        hash.Add(ReadStrands);
        foreach (var access in (ReadOnlySpan<ResourceAccess>)_accesses)
        {
            hash.Add(access.Kind);
            hash.Add(access.Resource);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var parts = new List<string>();
        for (var i = 0; i < AccessCount; i++)
        {
            parts.Add($"{_accesses[i].Kind} 0x{_accesses[i].Resource:x}");
        }

        return $"Operation {{ {string.Join(", ", parts)}{StrandStateText()} }}";
    }

    private string StrandStateText() => StrandState switch
    {
        StrandStateAccess.None => "",
        StrandStateAccess.Reads or StrandStateAccess.ReadsEnds when ReadStrands != AllStrands => $", {StrandState} 0x{ReadStrands:x}",
        _ => $", {StrandState}",
    };

    public static bool operator ==(Operation left, Operation right) => left.Equals(right);

    public static bool operator !=(Operation left, Operation right) => !left.Equals(right);

    private static bool IsWriting(OperationKind kind) => kind is OperationKind.Write or OperationKind.ReadModifyWrite
        or OperationKind.Acquire or OperationKind.Release or OperationKind.SharedUpdate;

    // A shared update is the weakest write: merged with a plain write it becomes that write.
    private static OperationKind Stronger(OperationKind a, OperationKind b) =>
        IsWriting(a) && a != OperationKind.SharedUpdate ? a
        : IsWriting(b) && b != OperationKind.SharedUpdate ? b
        : IsWriting(a) ? a : IsWriting(b) ? b : a;

    /// <summary>One declared access: its kind and its resource.</summary>
    private readonly record struct ResourceAccess(OperationKind Kind, ulong Resource);

    [InlineArray(MaxAccesses)]
    private struct AccessSlots
    {
        private ResourceAccess _first;
    }
}
