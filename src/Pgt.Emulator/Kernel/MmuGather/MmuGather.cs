using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// The architecture's <c>__tlb_remove_table(void *table)</c>, called for each batched table after the
/// batch's grace period (when no batch page could be allocated: at once after the IPI, or after the
/// table's own grace period with CONFIG_PT_RECLAIM). The port
/// provides it; it runs with no mm (softirq context, or the fallback path).
/// </summary>
[NoMm]
public delegate void TableFree(ulong table);

/// <summary>
/// A <c>struct mmu_gather</c> with MMU_GATHER_RCU_TABLE_FREE: page tables removed under it are batched
/// in a page and freed through call_rcu. The gather itself lives on the caller's stack in the kernel,
/// so it is a plain C# object here; its batch page is emulated memory.
/// </summary>
public sealed class MmuGather
{
    internal MmuGather(Machine machine, Mm mm, TableFree tableFree)
    {
        Machine = machine;
        Mm = mm;
        TableFree = tableFree;
    }

    public Machine Machine { get; }

    [MmSource]
    public Mm Mm { get; }

    internal TableFree TableFree { get; }

    /// <summary>The batch page being filled (<c>tlb->batch</c>), 0 when none.</summary>
    internal ulong Batch { get; set; }
}

/// <summary>Words of an mmu_gather batch page (<c>struct mmu_table_batch</c>).</summary>
public static class TableBatchLayout
{
    public const int RcuNext = 0;
    public const int RcuFunc = 1;
    public const int Nr = 2;
    public const int FirstTable = 3;
}
