namespace Pgt.Emulator.Checkers;

/// <summary>
/// The stable identifiers of the emulator's findings (<see cref="Exploration.Finding.Kind"/>). Samples
/// declare the kind they expect, so these strings never change.
/// </summary>
public static class FindingKinds
{
    /// <summary>A page table is written after it was detached from its pmd while a reader that may still
    /// walk it is in its section, or after it was queued for RCU freeing (Jason's objection, M4).</summary>
    public const string WriteAfterDeferredFree = "write-after-deferred-free";

    /// <summary>A detached or RCU-queued page table (or its page) is handed out again before the grace
    /// period that protects its readers ended.</summary>
    public const string ReuseBeforeGracePeriod = "reuse-before-grace-period";

    /// <summary>An access to a freed page (KASAN), or a reader reading a table reused under it.</summary>
    public const string UseAfterFree = "use-after-free";

    /// <summary>call_rcu on an rcu_head that is already queued (debugobjects: activate active).</summary>
    public const string DoubleCallRcu = "double-call-rcu";

    /// <summary>DEBUG_LIST found a corrupted list, or a list operation overwrote a queued rcu_head.</summary>
    public const string ListCorruption = "list-corruption";

    /// <summary>A lock taken from softirq and from process context with softirqs on (lockdep), or a
    /// softirq spinning on a lock its own CPU holds (Gerald's self-deadlock, M9).</summary>
    public const string LockContextMismatch = "lock-context-mismatch";

    /// <summary>An mm_struct used after its last reference was dropped.</summary>
    public const string MmAfterFree = "mm-after-free";

    /// <summary>Self-check of the RCU model: a callback ran (or synchronize_rcu returned) while a reader
    /// section that was open at its call_rcu was still open.</summary>
    public const string RcuOracle = "rcu-oracle";

    /// <summary>A page-table page released in a bad state: A/P bits left, still listed, PG_active or
    /// PageTable set, an rcu_head still queued, a table still in an mmu_gather batch.</summary>
    public const string BadPageRelease = "bad-page-release";

    /// <summary>s390's fragment byte has A and P set for one half (an "impossible" 0x13/0x23 value).</summary>
    public const string FragmentMask = "fragment-mask";

    /// <summary>A load or store to an address that is not RAM (NULL, a list poison, a function, garbage).</summary>
    public const string WildAccess = "wild-access";

    /// <summary>A spinlock with a bad magic (never initialised, or destroyed by the pgtable dtor), or an
    /// unlock by a strand that does not hold it.</summary>
    public const string BadSpinlock = "bad-spinlock";

    /// <summary>A strand takes a spinlock it already holds.</summary>
    public const string RecursiveLocking = "recursive-locking";

    /// <summary>lockdep_assert_held() failed.</summary>
    public const string LockNotHeld = "lock-not-held";

    /// <summary>Something that may sleep or wait ran where it must not (synchronize_rcu inside a reader,
    /// an IPI with irqs off, the final mmdrop in softirq).</summary>
    public const string SleepInAtomic = "sleep-in-atomic";

    /// <summary>A queued rcu_head was overwritten by a plain store (not a list operation).</summary>
    public const string RcuHeadOverwritten = "rcu-head-overwritten";

    /// <summary>The RCU softirq found something that is not a function in rcu_head.func.</summary>
    public const string CorruptedCallback = "corrupted-callback";

    /// <summary>An irq/preempt/bh/RCU section or a spinlock left unbalanced when a strand finished.</summary>
    public const string UnbalancedContext = "unbalanced-context";

    /// <summary>A page table no pmd points to any more (detached, or handed out again) read by a strand in
    /// no read-side section (catalogue #16, an unprotected walker).</summary>
    public const string UnprotectedTableRead = "unprotected-table-read";

    /// <summary>gup_fast returned a page it grabbed after the pmd it walked from had changed (catalogue
    /// #17: the kernel re-reads the pmd after the grab and bails).</summary>
    public const string GupFastStalePage = "gup-fast-stale-page";

    /// <summary>Non-pte data (list words) in a page table a pmd points to (catalogue #18: THP deposit into,
    /// or withdraw without reset of, a reachable table).</summary>
    public const string NonPteInLiveTable = "non-pte-in-live-table";

    /// <summary>An mm torn down with an rss counter not zero (check_mm: "BUG: Bad rss-counter state"): a page
    /// table was freed while a pte in it still mapped a page, so no zap counted that page out (catalogue #21,
    /// collapse_pte_mapped_thp against UFFDIO_COPY before a98460494b16).</summary>
    public const string BadRssCounter = "bad-rss-counter";

    /// <summary>A WARN_ON_ONCE in ported kernel code found its condition true (the kernel's "WARNING:
    /// CPU: n PID: m at file:line" splat).</summary>
    public const string Warning = "warning";

    /// <summary>The emulated RAM is exhausted (raise MachineOptions.PageCount).</summary>
    public const string OutOfMemory = "out-of-memory";
}
