using Pgt.Emulator.Checkers;
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
    private readonly Machine machine;
    private readonly List<ulong>[] freeLists = [new(), new(), new(), new()];
    private ulong nextFresh;

    public PageAllocator(Machine machine)
    {
        this.machine = machine;
        Reset();
    }

    public const int MaxOrder = 3;

    public void Reset()
    {
        foreach (var list in freeLists)
        {
            list.Clear();
        }

        nextFresh = PhysicalLayout.FirstAllocatablePfn(machine.Options.PageCount);
    }

    /// <summary>alloc_pages(): a scheduling point on the allocator, then the struct page is initialised.</summary>
    public Page Alloc(int order, PageKind kind, string primitive, in Callsite site, bool quarantine = false)
    {
        if (order is < 0 or > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), $"order {order} is out of range 0..{MaxOrder}");
        }

        var s = machine.Current;
        machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.AllocatorResource));
        var pfn = Take(order);
        if (pfn == 0)
        {
            machine.Fail(machine.Reports.OutOfMemory(s, order, primitive, site));
        }

        // The page's memory changes owner: a write to each of its resources, and a read of the lifetime
        // state (for the reuse check) when a table in it is detached or queued.
        if (AnyGuarded(pfn, order))
        {
            machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.RcuResource));
        }

        TouchAll(s, pfn, order);

        machine.Hub.OnPageAlloc(pfn, order);
        var shadow = machine.Shadow;
        var record = machine.Record(s, primitive, site);
        for (var p = pfn; p < pfn + (1UL << order); p++)
        {
            var reused = shadow.State[p] == PageState.Free;
            shadow.State[p] = PageState.Allocated;
            shadow.Kind[p] = kind;
            shadow.Order[p] = order;
            shadow.Generation[p]++;
            shadow.Quarantined[p] = quarantine || kind == PageKind.Mm;
            shadow.Allocated[p] = record;
            shadow.ListedOn[p] = 0;
            shadow.RcuQueued[p] = default;
            shadow.Ctor[p] = default;
            shadow.Dtor[p] = default;
            for (var half = 0; half < 2; half++)
            {
                var f = (int)(p * 2) + half;
                shadow.FragmentGeneration[f]++;
                shadow.AttachedPmd[f] = 0;
                shadow.QueuePending[f] = false;
                if (reused)
                {
                    shadow.Reused[f] = record;
                }
            }
        }

        // prep_new_page: flags cleared, refcount 1, mapcount -1; lru keeps whatever the buddy left there.
        var page = new Page(machine, pfn);
        machine.WriteWord(page.WordAddress(StructPage.Flags), 0, View.PageFlags, AccessMode.Plain, primitive, site);
        machine.WriteWord(page.WordAddress(StructPage.Counts), (1UL << 32) | 0xffff_ffffUL, View.Refcount,
            AccessMode.Plain, primitive, site);
        return page;
    }

    /// <summary>free_the_page(): the refcount already reached 0; the checkers saw the release.</summary>
    public void Release(Page page, int order, string primitive, in Callsite site)
    {
        var s = machine.Current;
        machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.AllocatorResource));
        TouchAll(s, page.Pfn, order);
        var shadow = machine.Shadow;
        var record = machine.Record(s, primitive, site);
        for (var p = page.Pfn; p < page.Pfn + (1UL << order); p++)
        {
            shadow.State[p] = PageState.Free;
            shadow.Freed[p] = record;
            shadow.Generation[p]++;
        }

        if (machine.Options.Allocator == AllocatorMode.EagerReuse && !shadow.Quarantined[page.Pfn])
        {
            freeLists[order].Add(page.Pfn);
        }
    }

    /// <summary>Freeing this page consults lifetime state: a table of it is detached or queued, or its rcu_head is queued.</summary>
    public bool NeedsLifetimeLook(Page page, int order) =>
        AnyGuarded(page.Pfn, order) || machine.Rcu.ActiveRecord(page.WordAddress(StructPage.LruNext)) >= 0;

    private bool AnyGuarded(ulong pfn, int order)
    {
        for (var f = (int)pfn * 2; f < (int)(pfn + (1UL << order)) * 2; f++)
        {
            if (machine.IsGuarded(f))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>KASAN (un)poisons the whole page: one write per 2 KiB resource.</summary>
    private void TouchAll(StrandState s, ulong pfn, int order)
    {
        var first = pfn << PhysicalLayout.PageShift;
        var end = (pfn + (1UL << order)) << PhysicalLayout.PageShift;
        for (var pa = first; pa < end; pa += 1UL << Shadow.FragmentShift)
        {
            machine.Schedule(s, new Operation(OperationKind.Write, machine.ResourceOf(pa)));
        }
    }

    private ulong Take(int order)
    {
        var list = freeLists[order];
        if (list.Count > 0)
        {
            var last = list[^1];
            list.RemoveAt(list.Count - 1);
            return last;
        }

        var size = 1UL << order;
        var pfn = (nextFresh + size - 1) & ~(size - 1);
        if (pfn + size > (ulong)machine.Options.PageCount)
        {
            return 0;
        }

        nextFresh = pfn + size;
        return pfn;
    }
}
