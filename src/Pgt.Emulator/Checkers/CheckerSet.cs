namespace Pgt.Emulator.Checkers;

/// <summary>The checkers a machine runs (all by default).</summary>
[Flags]
public enum CheckerSet
{
    None = 0,
    /// <summary>DEBUG_LIST: list_add / list_del validity, with the last writer of the bad word.</summary>
    ListDebug = 1 << 0,
    /// <summary>DEBUG_OBJECTS_RCU_HEAD: double call_rcu, writes into a queued rcu_head, freeing it.</summary>
    DebugObjects = 1 << 1,
    /// <summary>KASAN-like: accesses to freed pages; readers reading tables reused under them.</summary>
    UseAfterFree = 1 << 2,
    /// <summary>Accesses to a torn-down mm; the final mmdrop in atomic context.</summary>
    MmLifetime = 1 << 3,
    /// <summary>Writes into a detached or RCU-queued page table during its grace period.</summary>
    DeferredFreeWrite = 1 << 4,
    /// <summary>Reuse of a detached or RCU-queued page table or page before its grace period ended.</summary>
    ReuseBeforeGracePeriod = 1 << 5,
    /// <summary>lockdep-lite and DEBUG_SPINLOCK: context mismatch, recursion, assertions, magic.</summary>
    Lockdep = 1 << 6,
    /// <summary>Self-check of the RCU model: callbacks never run inside a section open at their call_rcu.</summary>
    GracePeriodOracle = 1 << 7,
    /// <summary>Page-table page release checks and the "never A and P for one half" assertion.</summary>
    PageRelease = 1 << 8,
    /// <summary>A table no pmd points to any more, read by another strand outside any read-side section.</summary>
    UnprotectedTableRead = 1 << 9,
    /// <summary>Non-pte data (list words) in a table a pmd points to.</summary>
    LiveTableContents = 1 << 10,
    /// <summary>gup_fast returning a page grabbed after its table's pmd had changed.</summary>
    GupFastRecheck = 1 << 11,
    /// <summary>check_mm: an rss counter left nonzero when the mm is torn down (a mapping lost with its table).</summary>
    RssCounters = 1 << 12,

    All = ListDebug | DebugObjects | UseAfterFree | MmLifetime | DeferredFreeWrite | ReuseBeforeGracePeriod
        | Lockdep | GracePeriodOracle | PageRelease | UnprotectedTableRead | LiveTableContents | GupFastRecheck
        | RssCounters,
}
