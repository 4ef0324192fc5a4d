namespace Pgt.Emulator.Kernel;

/// <summary>
/// mmu_gather's batches in flight: the table-free function (the port's <c>__tlb_remove_table</c>) of
/// each batch page handed to call_rcu, by pfn, and the one batch callback (one function address for
/// every batch, as the kernel's <c>tlb_remove_table_rcu</c>); and, with CONFIG_PT_RECLAIM, each table
/// queued alone on its own page's rcu_head by the no-batch fallback, with its callback.
/// </summary>
internal sealed class TableBatches
{
    private readonly Dictionary<ulong, TableFree> _tableFree = new();
    private readonly Dictionary<ulong, (ulong Table, TableFree Free)> _single = new();

    public RcuCallback Callback { get; } = MmuGatherPrimitives.TlbRemoveTableRcu;

    /// <summary><c>__tlb_remove_table_one_rcu</c>: one function address for every table queued alone.</summary>
    public RcuCallback OneCallback { get; } = MmuGatherPrimitives.TlbRemoveTableOneRcu;

    public void Started(ulong batchPfn, TableFree tableFree) => _tableFree[batchPfn] = tableFree;

    public TableFree TableFreeOf(ulong batchPfn) => _tableFree[batchPfn];

    public void Done(ulong batchPfn) => _tableFree.Remove(batchPfn);

    /// <summary>The table (as handed to tlb_remove_table, tag bits included) queued alone on its page's rcu_head.</summary>
    public void StartedOne(ulong tablePfn, ulong table, TableFree tableFree) => _single[tablePfn] = (table, tableFree);

    public (ulong Table, TableFree Free) DoneOne(ulong tablePfn)
    {
        var one = _single[tablePfn];
        _single.Remove(tablePfn);
        return one;
    }

    public void Reset()
    {
        _tableFree.Clear();
        _single.Clear();
    }
}
