
using Pgt.Emulator.Checkers;

namespace Pgt.Emulator.Kernel;

/// <summary>Fans each event out to the enabled checkers, in a fixed order.</summary>
internal sealed class CheckerHub
{
    private readonly Checker[] _all;
    private readonly Checker[] _accessObservers;

    public CheckerHub(KernelView kernel, CheckerSet set)
    {
        var list = new List<Checker>();
        // Order matters when one event breaks several rules: the most specific report comes first.
        if (set.HasFlag(CheckerSet.MmLifetime))
        {
            list.Add(new MmLifetimeChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.UseAfterFree))
        {
            list.Add(new UseAfterFreeChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.DebugObjects))
        {
            list.Add(new DebugObjectsChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.ReuseBeforeGracePeriod))
        {
            list.Add(new ReuseBeforeGracePeriodChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.DeferredFreeWrite))
        {
            list.Add(new DeferredFreeWriteChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.UnprotectedTableRead))
        {
            list.Add(new UnprotectedTableReadChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.LiveTableContents))
        {
            list.Add(new LiveTableContentsChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.GupFastRecheck))
        {
            list.Add(new GupFastRecheckChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.RssCounters))
        {
            list.Add(new RssCounterChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.PageRelease))
        {
            list.Add(new PageReleaseChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.Lockdep))
        {
            list.Add(new LockdepChecker(kernel));
        }

        if (set.HasFlag(CheckerSet.GracePeriodOracle))
        {
            list.Add(new GracePeriodOracle(kernel));
        }

        _all = list.ToArray();
        _accessObservers = list.Where(c => c.WantsAccesses).ToArray();
    }

    public void Reset()
    {
        foreach (var c in _all)
        {
            c.Reset();
        }
    }

    public void OnAccess(in MemoryAccess access)
    {
        foreach (var c in _accessObservers)
        {
            c.OnAccess(access);
        }
    }

    public void OnPageAlloc(ulong pfn)
    {
        foreach (var c in _all)
        {
            c.OnPageAlloc(pfn);
        }
    }

    public void OnPagePut(Page page, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnPagePut(page, site);
        }
    }

    public void OnPageFree(Page page, int order, uint refcountAfter, ulong flags, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnPageFree(page, order, refcountAfter, flags, site);
        }
    }

    public void OnTableAttach(int fragment, in MemoryAccess cause)
    {
        foreach (var c in _all)
        {
            c.OnTableAttach(fragment, cause);
        }
    }

    public void OnTableDetach(int fragment, in MemoryAccess cause)
    {
        foreach (var c in _all)
        {
            c.OnTableDetach(fragment, cause);
        }
    }

    public void OnFragmentMask(Page page, uint oldMask, uint newMask, in MemoryAccess cause)
    {
        foreach (var c in _all)
        {
            c.OnFragmentMask(page, oldMask, newMask, cause);
        }
    }

    public void OnCallRcu(ulong head, int activeRecord, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnCallRcu(head, activeRecord, site);
        }
    }

    public void OnCallbackInvoke(int record)
    {
        foreach (var c in _all)
        {
            c.OnCallbackInvoke(record);
        }
    }

    public void OnSynchronizeRcuDone(int offset, int count, in EventRecord call)
    {
        foreach (var c in _all)
        {
            c.OnSynchronizeRcuDone(offset, count, call);
        }
    }

    public void OnLockInit(Spinlock lockRef, string className)
    {
        foreach (var c in _all)
        {
            c.OnLockInit(lockRef, className);
        }
    }

    public void OnLockAcquire(Spinlock lockRef, LockFlavor flavor, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnLockAcquire(lockRef, flavor, site);
        }
    }

    public void OnLockTaken(Spinlock lockRef, ulong word, LockFlavor flavor, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnLockTaken(lockRef, word, flavor, site);
        }
    }

    public void OnLockRelease(Spinlock lockRef, ulong word, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnLockRelease(lockRef, word, site);
        }
    }

    public void OnLockAssertHeld(Spinlock lockRef, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnLockAssertHeld(lockRef, site);
        }
    }

    public void OnGupFastGrab(Page page, ulong table, ulong pmdp, bool took)
    {
        foreach (var c in _all)
        {
            c.OnGupFastGrab(page, table, pmdp, took);
        }
    }

    public void OnGupFastReturn(IReadOnlyList<ulong> pfns)
    {
        foreach (var c in _all)
        {
            c.OnGupFastReturn(pfns);
        }
    }

    public void OnMmTeardown(Mm mm, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnMmTeardown(mm, site);
        }
    }

    public void OnCheckMm(Mm mm, MmCounter counter, long value, in Callsite site)
    {
        foreach (var c in _all)
        {
            c.OnCheckMm(mm, counter, value, site);
        }
    }

    public void AtEnd()
    {
        foreach (var c in _all)
        {
            c.AtEnd();
        }
    }
}
