namespace Pgt.Emulator.Kernel;

/// <summary>
/// mmu_gather's batches in flight: the table-free function (the port's <c>__tlb_remove_table</c>) of
/// each batch page handed to call_rcu, by pfn, and the one batch callback (one function address for
/// every batch, as the kernel's <c>tlb_remove_table_rcu</c>).
/// </summary>
internal sealed class TableBatches
{
    private readonly Dictionary<ulong, TableFree> _tableFree = new();

    public RcuCallback Callback { get; } = MmuGatherPrimitives.TlbRemoveTableRcu;

    public void Started(ulong batchPfn, TableFree tableFree) => _tableFree[batchPfn] = tableFree;

    public TableFree TableFreeOf(ulong batchPfn) => _tableFree[batchPfn];

    public void Done(ulong batchPfn) => _tableFree.Remove(batchPfn);

    public void Reset() => _tableFree.Clear();
}
