using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// A detached page table is read-only until its grace period ends (Jason's objection to the "gross
/// patch", M4; kernel-s390.md §7 assertion 5, catalogue #1): any store into it while it is queued for
/// RCU freeing, or while a reader that was in a section when it was detached is still in that section,
/// is <c>write-after-deferred-free</c>. Walkers may still be reading it and must see only pte_none.
/// </summary>
internal sealed class DeferredFreeWriteChecker : Checker
{
    public DeferredFreeWriteChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        if (access.Kind == AccessKind.Read)
        {
            return;
        }

        var f = Fragments.Of(access.Address);
        var pending = Lifetime.QueuePending(f);
        var reader = -1;
        if (!pending && !(Lifetime.Detached(f).IsSet && Lifetime.DetachGeneration(f) == Lifetime.FragmentGeneration(f)
                && Lifetime.AttachedPmd(f) == 0 && Lifetime.HasOpenCoveringReader(f, out reader)))
        {
            return;
        }

        var table = Fragments.Address(f);
        var why = pending
            ? $"the table was queued for RCU freeing by {Lifetime.Queued(f).What} at step {Lifetime.Queued(f).Step} and its grace period has not ended"
            : $"the table was detached at step {Lifetime.Detached(f).Step} and {Reports.StrandName(reader)} may still be walking it";
        var sections = new List<ReportSection?>
        {
            new("Deferred free", [
                $"{access.Primitive} stores {FindingSections.Hex(access.NewValue)} into a page table during its grace period: {why}",
                PageTableBits.PteNone(access.NewValue)
                    ? "lockless walkers may still read this table"
                    : "lockless walkers may read this value as a pte; only _PAGE_INVALID (0x400) is pte_none"]),
            Reports.Access(access),
            Lifetime.Detached(f).IsSet ? Reports.Event("Table detached from its pmd", Lifetime.Detached(f)) : null,
            Lifetime.Queued(f).IsSet ? Reports.Event("Queued for RCU freeing", Lifetime.Queued(f)) : null,
            Reports.CoveringReader(f),
            Reports.PageDump(access.Address >> PhysicalLayout.PageShift),
            Reports.ShadowAround(access.Address),
        };
        Observed.Fail(Reports.Make(FindingKinds.WriteAfterDeferredFree, Reports.Function(access.Stack, access.Site),
            $"pte fragment {f & 1} of page {FindingSections.Hex(table & PhysicalLayout.PageMask)}", sections));
    }
}
