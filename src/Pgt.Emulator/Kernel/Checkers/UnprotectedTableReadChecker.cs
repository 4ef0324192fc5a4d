using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// A lockless walker must read a page table inside a section that holds off its freeing: irqs off
/// (gup_fast), or pte_offset_map's rcu_read_lock (catalogue #16, "unprotected walker"). The kernel is
/// silent until the free has happened; this checker reports the read as soon as it touches a table that
/// no pmd points to any more, detached (or handed out again) by another strand, from a strand in no
/// section at all. The strand that detached the table, or was handed it, owns it and may read it.
/// </summary>
internal sealed class UnprotectedTableReadChecker : Checker
{
    public UnprotectedTableReadChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        if (access.Kind != AccessKind.Read)
        {
            return;
        }

        var pfn = access.Address >> PhysicalLayout.PageShift;
        if (Lifetime.State(pfn) != PageState.Allocated || Lifetime.Kind(pfn) != PageKind.PteTable)
        {
            return;
        }

        var f = Fragments.Of(access.Address);
        if (Lifetime.AttachedPmd(f) != 0 || !Lifetime.Detached(f).IsSet || Observed.Strand(access.Strand).SectionOpen)
        {
            return;
        }

        var detached = Lifetime.DetachedNow(f);
        var owner = detached ? Lifetime.Detached(f).Strand : Lifetime.Reused(f).Strand;
        if (owner == access.Strand)
        {
            return;
        }

        var table = Fragments.Address(f);
        var state = detached
            ? "detached from its pmd and not yet freed"
            : "detached, and handed out again to another user";
        var sections = new List<ReportSection?>
        {
            new("Unprotected walker", [
                $"{Reports.StrandName(access.Strand)} reads a page table that is {state}, outside any read-side section",
                "irqs on and no rcu_read_lock: nothing holds off its free (gup_fast disables irqs; pte_offset_map takes rcu_read_lock)"]),
            Reports.Access(access),
            Reports.Event("Table detached from its pmd", Lifetime.Detached(f)),
            !detached && Lifetime.Reused(f).IsSet ? Reports.Event("Handed out again", Lifetime.Reused(f)) : null,
            Lifetime.Queued(f).IsSet ? Reports.Event("Queued for RCU freeing", Lifetime.Queued(f)) : null,
            Reports.PageDump(pfn),
            Reports.ShadowAround(access.Address),
        };
        Observed.Fail(Reports.Make(FindingKinds.UnprotectedTableRead, Reports.Function(access.Stack, access.Site),
            $"pte fragment {f & 1} of page {FindingSections.Hex(table & PhysicalLayout.PageMask)}", sections));
    }
}
