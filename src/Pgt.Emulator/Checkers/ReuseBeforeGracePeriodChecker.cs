using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// A page table must not be handed out again before the grace period that protects its readers ended
/// (kernel-s390.md §7 assertion 5, catalogue #2, #11, #12, #19). "Handed out" is seen three ways, so no
/// help from the port is needed: the page allocator returns its page, s390's A bit for its half rises
/// in _refcount, or a pmd points to it again. "Before the grace period" means: it is still queued for
/// RCU freeing, or a reader whose section was open when it was detached is still in that section.
/// </summary>
internal sealed class ReuseBeforeGracePeriodChecker : Checker
{
    public ReuseBeforeGracePeriodChecker(Machine machine)
        : base(machine)
    {
    }

    public override void OnPageAlloc(ulong pfn)
    {
        for (var half = 0; half < 2; half++)
        {
            Check((int)(pfn * 2) + half, $"the page allocator hands out {ReportWriter.Hex(pfn << PhysicalLayout.PageShift)} again");
        }
    }

    public override void OnFragmentMask(Page page, uint oldMask, uint newMask, in MemoryAccess cause)
    {
        for (var half = 0; half < 2; half++)
        {
            var bit = 1u << half;
            if ((newMask & bit) != 0 && (oldMask & bit) == 0)
            {
                Check((int)(page.Pfn * 2) + half,
                    $"its A bit is set again (fragment mask {ReportWriter.Hex(oldMask)} -> {ReportWriter.Hex(newMask)})");
            }
        }
    }

    public override void OnTableAttach(int fragment, in MemoryAccess cause) =>
        Check(fragment, $"a pmd points to it again ({ReportWriter.Hex(cause.Address)})");

    private void Check(int f, string how)
    {
        var pending = Shadow.QueuePending[f];
        var detachedNow = Shadow.Detached[f].IsSet && Shadow.DetachGeneration[f] == Shadow.FragmentGeneration[f];
        var reader = -1;
        var s = Machine.Current;
        // The strand handing the table out does not count as its own reader: typically its section is
        // just the spin_lock_bh(&mm->context.lock) of page_table_alloc. Had it walked the table before,
        // its next read through that stale view is a use-after-free of the old life, reported as such.
        if (!pending && !(detachedNow && Machine.Tracker.HasOpenCoveringReader(f, out reader, exceptStrand: s.Id)))
        {
            return;
        }

        var table = Shadow.FragmentAddress(f);
        var why = pending
            ? $"it is still queued for RCU freeing by {Shadow.Queued[f].What} at step {Shadow.Queued[f].Step}: its grace period has not ended"
            : $"{Reports.StrandName(reader)} is still in the read-side section it was in when the table was detached";
        var sections = new List<ReportSection?>
        {
            new("Reuse", [
                $"pte fragment {f & 1} of page {ReportWriter.Hex(table & PhysicalLayout.PageMask)} (table {ReportWriter.Hex(table)}) is handed out again: {how}",
                $"but {why}",
                $"by {Reports.StrandName(s.Id)} at step {Machine.Step}",
                .. Reports.Stack(s.StackNode, default, null)]),
            Shadow.Detached[f].IsSet ? Reports.Event("Table detached from its pmd", Shadow.Detached[f]) : null,
            Shadow.Queued[f].IsSet ? Reports.Event("Queued for RCU freeing", Shadow.Queued[f], $"  still pending: {(pending ? "yes" : "no")}") : null,
            Reports.CoveringReader(f),
            Reports.PageDump(table >> PhysicalLayout.PageShift),
            Reports.ShadowAround(table),
        };
        var function = Machine.Stacks.Innermost(s.StackNode)?.Name ?? Machine.NameOf(s.Id);
        Machine.Fail(Reports.Make(FindingKinds.ReuseBeforeGracePeriod, function,
            $"pte fragment {f & 1} of page {ReportWriter.Hex(table & PhysicalLayout.PageMask)}", sections));
    }
}
