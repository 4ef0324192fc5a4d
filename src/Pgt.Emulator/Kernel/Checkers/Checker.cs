
namespace Pgt.Emulator.Kernel;

/// <summary>
/// An observer of the machine's event stream. Each checker overrides the events it needs, keeps its own
/// state, reads the machine through <see cref="KernelView"/> only (never the machine itself), and reports
/// through <see cref="KernelView.Fail"/> with a finding built from the shared <see cref="FindingSections"/>
/// plus sections of its own. Hooks run before the event takes effect unless said otherwise, so a checker
/// sees the state the event is about to change.
/// </summary>
internal abstract class Checker
{
    protected Checker(KernelView kernel) => Observed = kernel;

    protected KernelView Observed { get; }

    protected ILifetimeView Lifetime => Observed.Lifetime;

    protected FindingSections Reports => Observed.Findings;

    /// <summary>True when the checker overrides <see cref="OnAccess"/> (kept off the hot path otherwise).</summary>
    public virtual bool WantsAccesses => false;

    public virtual void Reset()
    {
    }

    /// <summary>Every load, store and atomic, before a store is committed.</summary>
    public virtual void OnAccess(in MemoryAccess access)
    {
    }

    /// <summary>The allocator is about to hand out page <paramref name="pfn"/> (its shadow still shows the past).</summary>
    public virtual void OnPageAlloc(ulong pfn)
    {
    }

    /// <summary>__free_page / put_page is about to drop a reference.</summary>
    public virtual void OnPagePut(Page page, in Callsite site)
    {
    }

    /// <summary>
    /// __free_page dropped a reference; <paramref name="refcountAfter"/> 0 means the page goes back, and then
    /// <paramref name="flags"/> is the page's flags word as free_pages_prepare read it.
    /// </summary>
    public virtual void OnPageFree(Page page, int order, uint refcountAfter, ulong flags, in Callsite site)
    {
    }

    /// <summary>A pmd now points to the pte table <paramref name="fragment"/> (after the store).</summary>
    public virtual void OnTableAttach(int fragment, in MemoryAccess cause)
    {
    }

    /// <summary>A pmd that pointed to <paramref name="fragment"/> no longer does (after the store).</summary>
    public virtual void OnTableDetach(int fragment, in MemoryAccess cause)
    {
    }

    /// <summary>s390's A/P byte (bits 24-31 of _refcount) of <paramref name="page"/> changed (after the store).</summary>
    public virtual void OnFragmentMask(Page page, uint oldMask, uint newMask, in MemoryAccess cause)
    {
    }

    /// <summary>call_rcu is about to queue <paramref name="head"/>; <paramref name="activeRecord"/> is its
    /// current callback record when it is already queued, else -1.</summary>
    public virtual void OnCallRcu(ulong head, int activeRecord, in Callsite site)
    {
    }

    /// <summary>The softirq is about to invoke callback <paramref name="record"/>.</summary>
    public virtual void OnCallbackInvoke(int record)
    {
    }

    /// <summary>synchronize_rcu is about to return.</summary>
    public virtual void OnSynchronizeRcuDone(int snapshotOffset, int snapshotCount, in EventRecord call)
    {
    }

    public virtual void OnLockInit(Spinlock lockRef, string className)
    {
    }

    /// <summary>A strand is about to spin on a lock (its preempt/bh/irq state already changed).</summary>
    public virtual void OnLockAcquire(Spinlock lockRef, LockFlavor flavor, in Callsite site)
    {
    }

    /// <summary>The lock word was just read after the strand won the lock.</summary>
    public virtual void OnLockTaken(Spinlock lockRef, ulong word, LockFlavor flavor, in Callsite site)
    {
    }

    public virtual void OnLockRelease(Spinlock lockRef, ulong word, in Callsite site)
    {
    }

    public virtual void OnLockAssertHeld(Spinlock lockRef, in Callsite site)
    {
    }

    /// <summary>The last reference to <paramref name="mm"/> is going; it is torn down next.</summary>
    public virtual void OnMmTeardown(Mm mm, in Callsite site)
    {
    }

    /// <summary>check_mm (from __mmdrop) read <paramref name="counter"/> of <paramref name="mm"/>: <paramref name="value"/>.</summary>
    public virtual void OnCheckMm(Mm mm, MmCounter counter, long value, in Callsite site)
    {
    }

    /// <summary>
    /// gup_fast's try_grab_folio on <paramref name="page"/> just completed (<paramref name="took"/>: it took a
    /// reference), for a pte it read from <paramref name="table"/>, the table its snapshot of the pmd at
    /// <paramref name="pmdp"/> named. The grab's step declared a read of that table's lifetime.
    /// </summary>
    public virtual void OnGupFastGrab(Page page, ulong table, ulong pmdp, bool took)
    {
    }

    /// <summary>gup_fast is returning the pages <paramref name="pfns"/> it pinned.</summary>
    public virtual void OnGupFastReturn(IReadOnlyList<ulong> pfns)
    {
    }

    /// <summary>Every strand finished normally: leak and balance checks.</summary>
    public virtual void AtEnd()
    {
    }
}
