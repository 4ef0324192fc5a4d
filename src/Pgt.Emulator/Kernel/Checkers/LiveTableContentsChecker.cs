using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// A table a pmd points to holds ptes and nothing else: walkers read every word of it as a pte. s390's
/// THP deposit threads a list_head through words 0-1 of a deposited table, which is legal only while no
/// pmd points to it, and withdraw resets those words to pte_none before pmd_populate (catalogue #18).
/// Reported: a store of non-pte data (a list word) into a table a pmd points to, and a pmd pointed at a
/// table whose words still hold list words.
/// </summary>
internal sealed class LiveTableContentsChecker : Checker
{
    public LiveTableContentsChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        if (access.Kind == AccessKind.Read || !IsNonPte(access.View))
        {
            return;
        }

        var pfn = access.Address >> PhysicalLayout.PageShift;
        var f = Fragments.Of(access.Address);
        if (Lifetime.State(pfn) != PageState.Allocated || Lifetime.Kind(pfn) != PageKind.PteTable
            || Lifetime.AttachedPmd(f) == 0)
        {
            return;
        }

        Report(f, access.Address, [
            $"{access.Primitive} stores {FindingSections.Hex(access.NewValue)} as {access.View.Name()} into a page table the pmd at {FindingSections.Hex(Lifetime.AttachedPmd(f))} points to",
            "walkers read every word of a reachable table as a pte"],
            Reports.Access(access), Reports.Function(access.Stack, access.Site));
    }

    public override void OnTableAttach(int fragment, in MemoryAccess cause)
    {
        var table = Fragments.Address(fragment);
        var pfn = table >> PhysicalLayout.PageShift;
        if (Lifetime.State(pfn) != PageState.Allocated || Lifetime.Kind(pfn) != PageKind.PteTable)
        {
            return;
        }

        for (var pa = table; pa < table + (1UL << Fragments.Shift); pa += PhysicalLayout.WordSize)
        {
            var w = Observed.PeekWord(pa);
            if (w.Written && IsNonPte(w.View))
            {
                Report(fragment, pa, [
                    $"{cause.Primitive} points the pmd at {FindingSections.Hex(cause.Address)} to a table whose word {FindingSections.Hex(pa)} still holds {w.View.Name()} data ({FindingSections.Hex(Observed.Peek(pa))}), not a pte",
                    "pgtable_trans_huge_withdraw resets words 0-1 to pte_none before the table may be populated"],
                    Reports.Access(cause), Reports.Function(cause.Stack, cause.Site));
                return;
            }
        }
    }

    /// <summary>A list word threaded through a table (THP deposit, the gross patch): never a pte.</summary>
    private static bool IsNonPte(View view) => view is View.ListNext or View.ListPrev;

    private void Report(int f, ulong pa, string[] what, ReportSection access, string function)
    {
        var table = Fragments.Address(f);
        var sections = new List<ReportSection?>
        {
            new("Non-pte data in a reachable table", what),
            access,
            Lifetime.Attached(f).IsSet ? Reports.Event("Table attached to its pmd", Lifetime.Attached(f)) : null,
            Reports.LastWriterSection("Last writer of the word", pa, View.Pte),
            Reports.PageDump(table >> PhysicalLayout.PageShift),
            Reports.ShadowAround(pa),
        };
        Observed.Fail(Reports.Make(FindingKinds.NonPteInLiveTable, function,
            $"pte fragment {f & 1} of page {FindingSections.Hex(table & PhysicalLayout.PageMask)}", sections));
    }
}
