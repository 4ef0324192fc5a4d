
using Pgt.Emulator.Checkers;

namespace Pgt.Emulator.Kernel;

/// <summary>How freed pages come back from the page allocator.</summary>
public enum AllocatorMode : byte
{
    /// <summary>Freed pages are handed out again at once, last freed first: reuse races become visible.</summary>
    EagerReuse,
    /// <summary>Freed pages are never handed out again (KASAN's quarantine): stale accesses always hit freed memory.</summary>
    Quarantine,
}

/// <summary>Configuration of one emulated machine. Every field has a usable default.</summary>
public sealed record MachineOptions
{
    public static MachineOptions Default { get; } = new();

    /// <summary>Pages of emulated RAM, including the NULL guard page and the vmemmap.</summary>
    public int PageCount { get; init; } = 64;

    public AllocatorMode Allocator { get; init; } = AllocatorMode.EagerReuse;

    /// <summary>
    /// Table pointers per mmu_gather batch page before it is handed to call_rcu (the kernel's
    /// MAX_TABLE_BATCH is about 509; a small value makes full batches reachable in small scenarios).
    /// </summary>
    public int TableBatchCapacity { get; init; } = 509;

    /// <summary>
    /// When true, every batch-page allocation in <c>tlb_remove_table</c> is an explored choice that may fail
    /// (GFP_NOWAIT), leading to the IPI fallback <c>tlb_remove_table_one</c>.
    /// </summary>
    public bool ExploreBatchAllocationFailure { get; init; } = true;

    /// <summary>
    /// CONFIG_PT_RECLAIM (v6.14, x86-64 only; s390 never selected it): the no-batch fallback
    /// <c>__tlb_remove_table_one</c> queues the table through <c>call_rcu</c> on its ptdesc instead of the
    /// IPI and an immediate free (718b13861d22, made generic by e74e17310120). A scenario of such a kernel
    /// may also select it itself with <see cref="Machine.SelectPtReclaim"/>.
    /// </summary>
    public bool PtReclaim { get; init; }

    /// <summary>Which checkers observe the execution.</summary>
    public CheckerSet Checkers { get; init; } = CheckerSet.All;

    /// <summary>
    /// FOR SELF-TESTS OF THE RCU MODEL ONLY: grace periods end without waiting for readers, so the
    /// litmus tests and the grace-period oracle must fail.
    /// </summary>
    public bool BreakGracePeriods { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message when a field is out of range.</summary>
    public void Validate()
    {
        if (PageCount is < 8 or > 1 << 20)
        {
            throw new ArgumentException($"the page count must be between 8 and {1 << 20} (got {PageCount})");
        }

        if (TableBatchCapacity is < 1 or > 509)
        {
            throw new ArgumentException($"the table batch capacity must be between 1 and 509 (got {TableBatchCapacity})");
        }
    }
}
