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
public readonly record struct Operation(OperationKind Kind, ulong Resource)
{
    /// <summary>The most resources one operation can declare.</summary>
    public const int MaxAccesses = 5;

    public static Operation Local => new(OperationKind.Local, 0);

    /// <summary>The second access (<see cref="OperationKind.Local"/> when there is none).</summary>
    public OperationKind SecondKind { get; init; }

    public ulong SecondResource { get; init; }

    /// <summary>The third access (<see cref="OperationKind.Local"/> when there is none).</summary>
    public OperationKind ThirdKind { get; init; }

    public ulong ThirdResource { get; init; }

    /// <summary>The fourth access (<see cref="OperationKind.Local"/> when there is none).</summary>
    public OperationKind FourthKind { get; init; }

    public ulong FourthResource { get; init; }

    /// <summary>The fifth access (<see cref="OperationKind.Local"/> when there is none).</summary>
    public OperationKind FifthKind { get; init; }

    public ulong FifthResource { get; init; }

    /// <summary>How the step touches the per-strand state (see <see cref="StrandStateAccess"/>).</summary>
    public StrandStateAccess StrandState { get; init; }

    /// <summary>Whether the primary access writes.</summary>
    public bool IsWrite => IsWriting(Kind);

    /// <summary>The number of resource accesses declared (0 for a local operation); they fill the slots in order.</summary>
    public int AccessCount
    {
        get
        {
            if (SecondKind == OperationKind.Local)
            {
                return Kind == OperationKind.Local ? 0 : 1;
            }

            var count = 2;
            while (count < MaxAccesses && Access(count).Kind != OperationKind.Local)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>The <paramref name="index"/>-th access, 0 being the primary one.</summary>
    public (OperationKind Kind, ulong Resource) Access(int index) => index switch
    {
        0 => (Kind, Resource),
        1 => (SecondKind, SecondResource),
        2 => (ThirdKind, ThirdResource),
        3 => (FourthKind, FourthResource),
        4 => (FifthKind, FifthResource),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

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

        for (var i = 0; i < MaxAccesses; i++)
        {
            var (existing, declared) = Access(i);
            if (existing == OperationKind.Local)
            {
                return WithAccess(i, kind, resource);
            }

            if (declared == resource)
            {
                return WithAccess(i, Stronger(existing, kind), resource);
            }
        }

        throw new InvalidOperationException($"an operation declares at most {MaxAccesses} resources");
    }

    /// <summary>This operation, touching the per-strand state as <paramref name="access"/> says.</summary>
    public Operation With(StrandStateAccess access) => this with { StrandState = access };

    /// <summary>
    /// Two operations of different strands conflict when they touch one resource and one of them writes
    /// it, or when one changes its strand's own state and the other reads every strand's.
    /// </summary>
    public bool ConflictsWith(Operation other)
    {
        if ((StrandState == StrandStateAccess.WritesOwn && other.StrandState == StrandStateAccess.ReadsAll)
            || (StrandState == StrandStateAccess.ReadsAll && other.StrandState == StrandStateAccess.WritesOwn))
        {
            return true;
        }

        var mine = AccessCount;
        var theirs = other.AccessCount;
        for (var i = 0; i < mine; i++)
        {
            var (kind, resource) = Access(i);
            for (var j = 0; j < theirs; j++)
            {
                var (otherKind, otherResource) = other.Access(j);
                if (resource == otherResource && (IsWriting(kind) || IsWriting(otherKind)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private Operation WithAccess(int index, OperationKind kind, ulong resource) => index switch
    {
        0 => this with { Kind = kind, Resource = resource },
        1 => this with { SecondKind = kind, SecondResource = resource },
        2 => this with { ThirdKind = kind, ThirdResource = resource },
        3 => this with { FourthKind = kind, FourthResource = resource },
        _ => this with { FifthKind = kind, FifthResource = resource },
    };

    private static bool IsWriting(OperationKind kind) => kind is OperationKind.Write or OperationKind.ReadModifyWrite
        or OperationKind.Acquire or OperationKind.Release;

    private static OperationKind Stronger(OperationKind a, OperationKind b) =>
        IsWriting(a) ? a : IsWriting(b) ? b : a;
}
