using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// mm/mmu_gather.c's RCU table freeing (MMU_GATHER_RCU_TABLE_FREE): tables are batched in a page that is
/// freed through <c>call_rcu(&amp;batch->rcu, tlb_remove_table_rcu)</c>. When the batch page cannot be
/// allocated (an explored choice), <c>tlb_remove_table_one</c> sends an IPI and frees the table at once,
/// which covers irq-off walkers only, or with CONFIG_PT_RECLAIM queues the table alone through call_rcu. Queueing a table in a batch and ending its queue change the table's
/// lifetime state: each is one step of <see cref="PageLifetimes"/> (<see cref="PageLifetimes.QueueInBatch"/>,
/// <see cref="PageLifetimes.EndBatchQueue"/>), which declares the table's fragments (batches: <see cref="TableBatches"/>).
/// </summary>
public static class MmuGatherPrimitives
{
    /// <summary>tlb_gather_mmu(tlb, mm), with the port's <c>__tlb_remove_table</c>.</summary>
    public static MmuGather TlbGatherMmu(this Machine m, [RequiresMm] Mm mm, [NoMm] TableFree tlbRemoveTable)
    {
        ArgumentNullException.ThrowIfNull(tlbRemoveTable);
        return new MmuGather(m, mm, tlbRemoveTable);
    }

    /// <summary>
    /// tlb_remove_table(tlb, table): from here on the table (its pointer may carry s390's tag bits in
    /// bits 0-1) must not be written or reused until <c>__tlb_remove_table</c> is called for it.
    /// </summary>
    public static void TlbRemoveTable(this Machine m, MmuGather tlb, [DeferredFree] ulong table,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(tlb);
        var site = new Callsite(caller, file, line);
        using var frame = m.Enter("tlb_remove_table");
        if (tlb.Batch == 0)
        {
            if (m.Options.ExploreBatchAllocationFailure
                && m.Execution.ChooseBool("tlb_remove_table: __get_free_page(GFP_NOWAIT) fails"))
            {
                // tlb_table_invalidate() flushes the TLB; then tlb_remove_table_one(table).
                TlbRemoveTableOne(m, tlb, table, site);
                return;
            }

            var page = m.Allocator.Alloc(0, PageKind.TlbBatch, "__get_free_page", site);
            tlb.Batch = page.PhysAddr;
            m.Batches.Started(page.Pfn, tlb.TableFree);
            m.InitWord(page.PhysAddr + TableBatchLayout.Nr * 8, 0, View.BatchNr, "tlb_remove_table", site);
        }

        var batch = tlb.Batch;
        var nr = m.ReadWord(batch + TableBatchLayout.Nr * 8, View.BatchNr, AccessMode.Plain, "tlb_remove_table", site);
        m.WriteWord(batch + (TableBatchLayout.FirstTable + nr) * 8, table, View.BatchEntry, AccessMode.Plain,
            "tlb_remove_table", site);
        m.WriteWord(batch + TableBatchLayout.Nr * 8, nr + 1, View.BatchNr, AccessMode.Plain, "tlb_remove_table", site);
        m.Lifetime.QueueInBatch(m.Current, table, m.Record(m.Current, "tlb_remove_table", site));
        if ((int)nr + 1 == m.Options.TableBatchCapacity)
        {
            TableFlush(m, tlb, site);
        }
    }

    /// <summary>tlb_flush_mmu(tlb): hands the current batch to call_rcu.</summary>
    public static void TlbFlushMmu(this Machine m, MmuGather tlb, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(tlb);
        TableFlush(m, tlb, new Callsite(caller, file, line));
    }

    /// <summary>tlb_finish_mmu(tlb): flushes what is left.</summary>
    public static void TlbFinishMmu(this Machine m, MmuGather tlb, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(tlb);
        TableFlush(m, tlb, new Callsite(caller, file, line));
    }

    /// <summary>
    /// tlb_remove_table_sync_one(): an IPI to every other CPU, waiting until each took it, i.e. until
    /// every irq-off section open now has ended. rcu_read_lock-only readers are not waited for.
    /// </summary>
    public static void TlbRemoveTableSyncOne(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        using var frame = m.Enter("tlb_remove_table_sync_one");
        m.Rcu.SyncOne(new Callsite(caller, file, line));
    }

    /// <summary>tlb_remove_table_rcu(head): the batch's RCU callback.</summary>
    internal static void TlbRemoveTableRcu(RcuHead head)
    {
        var m = head.Machine;
        using var frame = m.Enter("tlb_remove_table_rcu");
        var site = new Callsite("tlb_remove_table_rcu", "mm/mmu_gather.c", 0);
        var batch = head.Address - TableBatchLayout.RcuNext * 8;
        var pfn = batch >> PhysicalLayout.PageShift;
        var tableFree = m.Batches.TableFreeOf(pfn);
        var nr = m.ReadWord(batch + TableBatchLayout.Nr * 8, View.BatchNr, AccessMode.Plain, "tlb_remove_table_rcu", site);
        for (var i = 0UL; i < nr; i++)
        {
            var table = m.ReadWord(batch + (TableBatchLayout.FirstTable + i) * 8, View.BatchEntry, AccessMode.Plain,
                "tlb_remove_table_rcu", site);
            m.Lifetime.EndBatchQueue(m.Current, table);
            tableFree(table);
        }

        m.Batches.Done(pfn);
        m.FreePage(Page.FromAddress(m, batch), "tlb_remove_table_rcu", "mm/mmu_gather.c", 0);
    }

    /// <summary>
    /// tlb_remove_table_one(table) = __tlb_remove_table_one(table), as e74e17310120 left it (v6.14):
    /// with CONFIG_PT_RECLAIM, call_rcu on the table's ptdesc (<c>pt_rcu_head</c>, over <c>lru</c>), since
    /// walkers under <c>rcu_read_lock</c> alone may be inside a table PT_RECLAIM freed; without it, the IPI
    /// (tlb_remove_table_sync_one), which only irq-off walkers wait for, and the free at once.
    /// </summary>
    private static void TlbRemoveTableOne(Machine m, MmuGather tlb, ulong table, in Callsite site)
    {
        using var one = m.Enter("tlb_remove_table_one");
        if (m.PtReclaim)
        {
            var page = Page.FromAddress(m, table & PhysicalLayout.PageMask);
            m.Batches.StartedOne(page.Pfn, table, tlb.TableFree);
            m.Rcu.CallRcu(page.RcuHead, m.Batches.OneCallback, "__tlb_remove_table_one_rcu", site);
            return;
        }

        m.Rcu.SyncOne(site);
        tlb.TableFree(table);
    }

    /// <summary>__tlb_remove_table_one_rcu(head): the one table's RCU callback calls <c>__tlb_remove_table</c>.</summary>
    internal static void TlbRemoveTableOneRcu(RcuHead head)
    {
        var m = head.Machine;
        using var frame = m.Enter("__tlb_remove_table_one_rcu");
        var (table, tableFree) = m.Batches.DoneOne(Page.FromRcuHead(head).Pfn);
        tableFree(table);
    }

    private static void TableFlush(Machine m, MmuGather tlb, in Callsite site)
    {
        if (tlb.Batch == 0)
        {
            return;
        }

        var batch = tlb.Batch;
        tlb.Batch = 0;
        using var frame = m.Enter("tlb_table_flush");
        m.Rcu.CallRcu(new RcuHead(m, batch + TableBatchLayout.RcuNext * 8), m.Batches.Callback,
            "tlb_remove_table_rcu", site);
    }
}
