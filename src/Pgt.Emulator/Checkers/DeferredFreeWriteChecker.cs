using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// A detached page table is read-only until its grace period ends (Jason's objection to the "gross
/// patch", M4; kernel-s390.md §7 assertion 5, catalogue #1): any store into it while it is queued for
/// RCU freeing, or while a reader that was in a section when it was detached is still in that section,
/// is <c>write-after-deferred-free</c>. Walkers may still be reading it and must see only pte_none.
/// </summary>
internal sealed class DeferredFreeWriteChecker : Checker
{
    public DeferredFreeWriteChecker(Machine machine)
        : base(machine)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        if (access.Kind == AccessKind.Read)
        {
            return;
        }

        var f = Shadow.FragmentOf(access.Address);
        var pending = Shadow.QueuePending[f];
        var reader = -1;
        if (!pending && !(Shadow.Detached[f].IsSet && Shadow.DetachGeneration[f] == Shadow.FragmentGeneration[f]
                && Shadow.AttachedPmd[f] == 0 && Machine.Tracker.HasOpenCoveringReader(f, out reader)))
        {
            return;
        }

        var table = Shadow.FragmentAddress(f);
        var why = pending
            ? $"the table was queued for RCU freeing by {Shadow.Queued[f].What} at step {Shadow.Queued[f].Step} and its grace period has not ended"
            : $"the table was detached at step {Shadow.Detached[f].Step} and {Reports.StrandName(reader)} may still be walking it";
        var sections = new List<ReportSection?>
        {
            new("Deferred free", [
                $"{access.Primitive} stores {ReportWriter.Hex(access.NewValue)} into a page table during its grace period: {why}",
                PageTableBits.PteNone(access.NewValue)
                    ? "lockless walkers may still read this table"
                    : "lockless walkers may read this value as a pte; only _PAGE_INVALID (0x400) is pte_none"]),
            Reports.Access(access),
            Shadow.Detached[f].IsSet ? Reports.Event("Table detached from its pmd", Shadow.Detached[f]) : null,
            Shadow.Queued[f].IsSet ? Reports.Event("Queued for RCU freeing", Shadow.Queued[f]) : null,
            Reports.CoveringReader(f),
            Reports.PageDump(access.Address >> PhysicalLayout.PageShift),
            Reports.ShadowAround(access.Address),
        };
        Machine.Fail(Reports.Make(FindingKinds.WriteAfterDeferredFree, Reports.Function(access.Stack, access.Site),
            $"pte fragment {f & 1} of page {ReportWriter.Hex(table & PhysicalLayout.PageMask)}", sections));
    }
}
