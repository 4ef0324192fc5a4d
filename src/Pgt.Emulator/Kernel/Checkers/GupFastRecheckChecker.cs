using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// gup_fast must not return a page it grabbed through a table that was detached before the grab
/// completed: the table may be freed and its pte reused, so the page may no longer be the one mapped at
/// the address (catalogue #17). The kernel re-reads the pmd (and the pte) after try_grab_folio and puts
/// the page back on a change; a walk that skips the pmd recheck returns the stale page, reported here.
/// A table put back into its pmd before the return (an aborted collapse) makes the grab good again, as
/// the kernel's value comparison would.
/// </summary>
internal sealed class GupFastRecheckChecker : Checker
{
    // Per strand: the pages grabbed while their table's pmd no longer pointed to the table, with when.
    private readonly Dictionary<int, List<StaleGrab>> _stale = [];

    public GupFastRecheckChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override void Reset() => _stale.Clear();

    public override void OnGupFastGrab(Page page, ulong table, ulong pmdp, bool took)
    {
        var f = Fragments.Of(table);
        if (!took || Lifetime.AttachedPmd(f) == pmdp)
        {
            return;
        }

        var s = Observed.Current;
        if (!_stale.TryGetValue(s.Id, out var list))
        {
            _stale[s.Id] = list = [];
        }

        list.Add(new StaleGrab(page.Pfn, table, pmdp, Observed.Record(s, "try_grab_folio", default)));
    }

    /// <summary>
    /// The same table put back into the same pmd (an aborted collapse): the pmd holds the value gup_fast
    /// snapshotted again, the kernel's recheck passes, and the page is still the one mapped there.
    /// </summary>
    public override void OnTableAttach(int fragment, in MemoryAccess cause)
    {
        if (!Lifetime.IsRestore(fragment, cause.Address))
        {
            return;
        }

        var pmdp = cause.Address;
        foreach (var list in _stale.Values)
        {
            list.RemoveAll(grab => Fragments.Of(grab.Table) == fragment && grab.Pmdp == pmdp);
        }
    }

    public override void OnGupFastReturn(IReadOnlyList<ulong> pfns)
    {
        var s = Observed.Current;
        if (!_stale.Remove(s.Id, out var list))
        {
            return;
        }

        foreach (var grab in list)
        {
            if (!pfns.Contains(grab.Pfn))
            {
                continue;
            }

            var f = Fragments.Of(grab.Table);
            var sections = new List<ReportSection?>
            {
                new("Stale page returned", [
                    $"gup_fast returns page {FindingSections.Hex(grab.Pfn << PhysicalLayout.PageShift)}, grabbed through table {FindingSections.Hex(grab.Table)} after the pmd at {FindingSections.Hex(grab.Pmdp)} had stopped pointing to it",
                    "the pmd was not re-read after try_grab_folio: the page may no longer be the one mapped there",
                    $"by {Reports.StrandName(s.Id)} at step {Observed.Step}",
                    .. Reports.Stack(s.StackNode, default, null)]),
                Reports.Event("Page grabbed", grab.Grabbed),
                Lifetime.Detached(f).IsSet ? Reports.Event("Table detached from its pmd", Lifetime.Detached(f)) : null,
                Reports.PageDump(grab.Table >> PhysicalLayout.PageShift),
            };
            Observed.Fail(Reports.Make(FindingKinds.GupFastStalePage, Observed.Innermost(s.StackNode)?.Name ?? "gup_fast",
                $"page {FindingSections.Hex(grab.Pfn << PhysicalLayout.PageShift)}", sections));
        }
    }

    private readonly record struct StaleGrab(ulong Pfn, ulong Table, ulong Pmdp, EventRecord Grabbed);
}
