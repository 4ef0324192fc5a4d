using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// A page table must not be handed out again before the grace period that protects its readers ended
/// (kernel-s390.md §7 assertion 5, catalogue #2, #11, #12, #19). "Handed out" is seen three ways, so no
/// help from the port is needed: the page allocator returns its page, s390's A bit for its half rises
/// in _refcount, or a pmd points to it again. "Before the grace period" means: it is still queued for
/// RCU freeing, or a reader whose section was open when it was detached is still in that section.
/// </summary>
internal sealed class ReuseBeforeGracePeriodChecker : Checker
{
    public ReuseBeforeGracePeriodChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override void OnPageAlloc(ulong pfn)
    {
        for (var half = 0; half < 2; half++)
        {
            Check((int)(pfn * 2) + half, $"the page allocator hands out {FindingSections.Hex(pfn << PhysicalLayout.PageShift)} again");
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
                    $"its A bit is set again (fragment mask {FindingSections.Hex(oldMask)} -> {FindingSections.Hex(newMask)})");
            }
        }
    }

    public override void OnTableAttach(int fragment, in MemoryAccess cause)
    {
        // The same table put back into the pmd it came from (an aborted collapse) is no hand-out.
        if (!Lifetime.IsRestore(fragment, cause.Address))
        {
            Check(fragment, $"a pmd points to it again ({FindingSections.Hex(cause.Address)})");
        }
    }

    private void Check(int f, string how)
    {
        var pending = Lifetime.QueuePending(f);
        var detachedNow = Lifetime.Detached(f).IsSet && Lifetime.DetachGeneration(f) == Lifetime.FragmentGeneration(f);
        var reader = -1;
        var s = Observed.Current;
        // The strand handing the table out does not count as its own reader: typically its section is
        // just the spin_lock_bh(&mm->context.lock) of page_table_alloc. Had it walked the table before,
        // its next read through that stale view is a use-after-free of the old life, reported as such.
        if (!pending && !(detachedNow && Lifetime.HasOpenCoveringReader(f, out reader, exceptStrand: s.Id)))
        {
            return;
        }

        var table = Fragments.Address(f);
        var why = pending
            ? $"it is still queued for RCU freeing by {Lifetime.Queued(f).What} at step {Lifetime.Queued(f).Step}: its grace period has not ended"
            : $"{Reports.StrandName(reader)} is still in the read-side section it was in when the table was detached";
        var sections = new List<ReportSection?>
        {
            new("Reuse", [
                $"pte fragment {f & 1} of page {FindingSections.Hex(table & PhysicalLayout.PageMask)} (table {FindingSections.Hex(table)}) is handed out again: {how}",
                $"but {why}",
                $"by {Reports.StrandName(s.Id)} at step {Observed.Step}",
                .. Reports.Stack(s.StackNode, default, null)]),
            Lifetime.Detached(f).IsSet ? Reports.Event("Table detached from its pmd", Lifetime.Detached(f)) : null,
            Lifetime.Queued(f).IsSet ? Reports.Event("Queued for RCU freeing", Lifetime.Queued(f), $"  still pending: {(pending ? "yes" : "no")}") : null,
            Reports.CoveringReader(f),
            Reports.PageDump(table >> PhysicalLayout.PageShift),
            Reports.ShadowAround(table),
        };
        var function = Observed.Innermost(s.StackNode)?.Name ?? Observed.NameOf(s.Id);
        Observed.Fail(Reports.Make(FindingKinds.ReuseBeforeGracePeriod, function,
            $"pte fragment {f & 1} of page {FindingSections.Hex(table & PhysicalLayout.PageMask)}", sections));
    }
}
