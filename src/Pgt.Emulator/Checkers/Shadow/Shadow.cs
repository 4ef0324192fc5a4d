using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// Shadow state the checkers share: per word (last writer, view, previous value, debug-object flags),
/// per page (state, kind, lifecycle events with their stacks) and per 2 KiB page-table fragment
/// (attached to which pmd, detached when and with which reader sections open, queued for RCU by whom).
/// Arrays indexed by pfn or fragment number; word shadows are allocated per page on first write.
/// </summary>
internal sealed class Shadow
{
    public const int FragmentShift = 11;

    private readonly WordShadow[]?[] _wordPages;

    public Shadow(int pageCount)
    {
        PageCount = pageCount;
        _wordPages = new WordShadow[pageCount][];
        State = new PageState[pageCount];
        Kind = new PageKind[pageCount];
        Order = new int[pageCount];
        Quarantined = new bool[pageCount];
        Generation = new int[pageCount];
        ListedOn = new ulong[pageCount];
        MmSerial = new int[pageCount];
        Allocated = new EventRecord[pageCount];
        Freed = new EventRecord[pageCount];
        Listed = new EventRecord[pageCount];
        Unlisted = new EventRecord[pageCount];
        RcuQueued = new EventRecord[pageCount];
        RcuGpNeeded = new long[pageCount];
        Ctor = new EventRecord[pageCount];
        Dtor = new EventRecord[pageCount];
        MmTeardown = new EventRecord[pageCount];

        var fragments = pageCount * 2;
        AttachedPmd = new ulong[fragments];
        Attached = new EventRecord[fragments];
        Detached = new EventRecord[fragments];
        CoverOffset = new int[fragments];
        CoverCount = new int[fragments];
        DetachGeneration = new int[fragments];
        FragmentGeneration = new int[fragments];
        Queued = new EventRecord[fragments];
        QueuePending = new bool[fragments];
        Reused = new EventRecord[fragments];
        QueueCallback = new int[fragments];
    }

    public int PageCount { get; }

    public SectionSnapshots Snapshots { get; } = new();

    // per page
    public PageState[] State { get; }
    public PageKind[] Kind { get; }
    public int[] Order { get; }

    /// <summary>Never handed out again once freed (KASAN's quarantine for this allocation).</summary>
    public bool[] Quarantined { get; }
    public int[] Generation { get; }
    public ulong[] ListedOn { get; }
    public int[] MmSerial { get; }
    public EventRecord[] Allocated { get; }
    public EventRecord[] Freed { get; }
    public EventRecord[] Listed { get; }
    public EventRecord[] Unlisted { get; }
    public EventRecord[] RcuQueued { get; }
    public long[] RcuGpNeeded { get; }
    public EventRecord[] Ctor { get; }
    public EventRecord[] Dtor { get; }
    public EventRecord[] MmTeardown { get; }

    // per 2 KiB fragment
    public ulong[] AttachedPmd { get; }
    public EventRecord[] Attached { get; }
    public EventRecord[] Detached { get; }
    public int[] CoverOffset { get; }
    public int[] CoverCount { get; }
    public int[] DetachGeneration { get; }
    public int[] FragmentGeneration { get; }
    public EventRecord[] Queued { get; }
    public bool[] QueuePending { get; }
    public EventRecord[] Reused { get; }

    /// <summary>The callback record whose invocation ends the fragment's queued state (call_rcu on its page).</summary>
    public int[] QueueCallback { get; }

    public static int FragmentOf(ulong pa) => (int)(pa >> FragmentShift);

    public static ulong FragmentAddress(int fragment) => (ulong)fragment << FragmentShift;

    public ref WordShadow Word(ulong pa)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        var page = _wordPages[pfn] ??= new WordShadow[PhysicalLayout.WordsPerPage];
        return ref page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))];
    }

    public WordShadow PeekWord(ulong pa)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        if (pfn >= _wordPages.Length || _wordPages[pfn] is not { } page)
        {
            return default;
        }

        return page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))];
    }

    public void Reset(ReadOnlySpan<int> dirtyPfns)
    {
        foreach (var pfn in dirtyPfns)
        {
            if (_wordPages[pfn] is { } page)
            {
                Array.Clear(page);
            }
        }

        Array.Clear(State);
        Array.Clear(Kind);
        Array.Clear(Order);
        Array.Clear(Quarantined);
        Array.Clear(Generation);
        Array.Clear(ListedOn);
        Array.Clear(MmSerial);
        Array.Clear(Allocated);
        Array.Clear(Freed);
        Array.Clear(Listed);
        Array.Clear(Unlisted);
        Array.Clear(RcuQueued);
        Array.Clear(RcuGpNeeded);
        Array.Clear(Ctor);
        Array.Clear(Dtor);
        Array.Clear(MmTeardown);
        Array.Clear(AttachedPmd);
        Array.Clear(Attached);
        Array.Clear(Detached);
        Array.Clear(CoverOffset);
        Array.Clear(CoverCount);
        Array.Clear(DetachGeneration);
        Array.Clear(FragmentGeneration);
        Array.Clear(Queued);
        Array.Clear(QueuePending);
        Array.Clear(Reused);
        Array.Clear(QueueCallback);
        Snapshots.Reset();
    }
}
