namespace Pgt.Emulator.Kernel;

/// <summary>
/// Lifetime state as the checkers and the reports read it: per page and per 2 KiB fragment, no writer.
/// <see cref="PageLifetimes"/> owns it.
/// </summary>
internal interface ILifetimeView
{
    int PageCount { get; }

    PageState State(ulong pfn);

    PageKind Kind(ulong pfn);

    int Order(ulong pfn);

    /// <summary>The list head the page's lru is linked on, 0 when none.</summary>
    ulong ListedOn(ulong pfn);

    /// <summary>The serial of the mm an mm or pmd table page belongs to ("mm#1").</summary>
    int MmSerial(ulong pfn);

    EventRecord Allocated(ulong pfn);

    EventRecord Freed(ulong pfn);

    EventRecord Listed(ulong pfn);

    EventRecord Unlisted(ulong pfn);

    EventRecord RcuQueued(ulong pfn);

    long RcuGpNeeded(ulong pfn);

    EventRecord Ctor(ulong pfn);

    EventRecord Dtor(ulong pfn);

    EventRecord MmTeardown(ulong pfn);

    ulong AttachedPmd(int fragment);

    EventRecord Attached(int fragment);

    EventRecord Detached(int fragment);

    int DetachGeneration(int fragment);

    int FragmentGeneration(int fragment);

    EventRecord Queued(int fragment);

    bool QueuePending(int fragment);

    EventRecord Reused(int fragment);

    bool DetachedNow(int fragment);

    bool IsRestore(int fragment, ulong pmdp);

    bool InGracePeriod(int fragment);

    IEnumerable<int> OpenCoveringReaders(int fragment);

    bool HasOpenCoveringReader(int fragment, out int reader, int exceptStrand = -1);

    bool IsCoveringReader(int fragment, int strand);
}
