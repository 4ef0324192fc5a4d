using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// The buddy allocator, reduced to what matters here: fresh pages from a bump pointer, freed pages
/// either reused last-freed-first (eager reuse, so reuse races show) or never reused (quarantine, so
/// stale accesses always hit freed memory). A single allocation can ask for quarantine too; mm_structs
/// always do.
/// </summary>
internal sealed class PageAllocator
{
    private readonly Machine _machine;
    private readonly List<ulong>[] _freeLists = [new(), new(), new(), new()];
    private ulong _nextFresh;

    public PageAllocator(Machine machine)
    {
        this._machine = machine;
        Reset();
    }

    public const int MaxOrder = 3;

    public void Reset()
    {
        foreach (var list in _freeLists)
        {
            list.Clear();
        }

        _nextFresh = PhysicalLayout.FirstAllocatablePfn(_machine.Options.PageCount);
    }

    /// <summary>
    /// alloc_pages(): a scheduling point on the allocator's free lists, then one per page handed out, where
    /// the page's lifetime state changes (and the reuse check consults the reader sections); then the struct
    /// page is initialised.
    /// </summary>
    public Page Alloc(int order, PageKind kind, string primitive, in Callsite site, bool quarantine = false, int mmSerial = 0)
    {
        if (order is < 0 or > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), $"order {order} is out of range 0..{MaxOrder}");
        }

        var s = _machine.Current;
        _machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.AllocatorResource));
        var pfn = Take(order);
        if (pfn == 0)
        {
            _machine.Fail(_machine.Faults.OutOfMemory(s, order, primitive, site));
        }

        for (var p = pfn; p < pfn + (1UL << order); p++)
        {
            _machine.Lifetime.HandOut(s, p, kind, order, quarantine, mmSerial, primitive, site);
        }

        // prep_new_page: flags cleared, refcount 1, mapcount -1; lru keeps whatever the buddy left there.
        var page = new Page(_machine, pfn);
        _machine.WriteWord(page.WordAddress(StructPage.Flags), 0, View.PageFlags, AccessMode.Plain, primitive, site);
        _machine.WriteWord(page.WordAddress(StructPage.Counts), (1UL << 32) | 0xffff_ffffUL, View.Refcount,
            AccessMode.Plain, primitive, site);
        return page;
    }

    /// <summary>
    /// free_the_page(): the refcount already reached 0 and the caller passed the scheduling point of the
    /// first page's lifetime (where the checkers saw the release). The other pages of the block get one
    /// each; then the free lists take the block.
    /// </summary>
    public void Release(Page page, int order, string primitive, in Callsite site)
    {
        var s = _machine.Current;
        var record = _machine.Record(s, primitive, site);
        var reusable = true;
        for (var p = page.Pfn; p < page.Pfn + (1UL << order); p++)
        {
            if (p != page.Pfn)
            {
                _machine.ScheduleLifetime(s, p);
            }

            var free = _machine.Lifetime.Free(p, record);
            reusable = p == page.Pfn ? free : reusable;
        }

        _machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.AllocatorResource));
        if (_machine.Options.Allocator == AllocatorMode.EagerReuse && reusable)
        {
            _freeLists[order].Add(page.Pfn);
        }
    }

    private ulong Take(int order)
    {
        var list = _freeLists[order];
        if (list.Count > 0)
        {
            var last = list[^1];
            list.RemoveAt(list.Count - 1);
            return last;
        }

        var size = 1UL << order;
        var pfn = (_nextFresh + size - 1) & ~(size - 1);
        if (pfn + size > (ulong)_machine.Options.PageCount)
        {
            return 0;
        }

        _nextFresh = pfn + size;
        return pfn;
    }
}
