using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// KASAN for pages, plus what KASAN cannot see: any access to a freed page is a use-after-free (with the
/// alloc, free and call_rcu stacks); and a lockless reader whose section began before a table was
/// detached, reading that table after it was handed out again, is a use-after-free of its old life
/// ("value changed", KCSAN style).
/// </summary>
internal sealed class UseAfterFreeChecker : Checker
{
    public UseAfterFreeChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        var pa = access.Address;
        var pfn = pa >> PhysicalLayout.PageShift;
        if (Lifetime.State(pfn) == PageState.Free)
        {
            if (Lifetime.Kind(pfn) != PageKind.Mm)
            {
                Freed(access, pfn);
            }

            return;
        }

        if (access.Kind != AccessKind.Read)
        {
            return;
        }

        var f = Fragments.Of(pa);
        if (Lifetime.Detached(f).IsSet && Lifetime.FragmentGeneration(f) != Lifetime.DetachGeneration(f)
            && Lifetime.IsCoveringReader(f, access.Strand))
        {
            Reused(access, f);
        }
    }

    private void Freed(in MemoryAccess access, ulong pfn)
    {
        var pa = access.Address;
        var f = Fragments.Of(pa);
        var sections = new List<ReportSection?>
        {
            new("KASAN", [
                $"BUG: KASAN: use-after-free in {Reports.Function(access.Stack, access.Site)}",
                $"{(access.IsWrite ? "Write" : "Read")} of size 8 at addr {FindingSections.Px(pa)} by task {Observed.NameOf(access.Strand)}",
                $"The buggy address belongs to the physical page {FindingSections.Hex(pfn << PhysicalLayout.PageShift)}, freed."]),
            Reports.Access(access),
            Reports.Event("Freed", Lifetime.Freed(pfn)),
            Reports.Event("Allocated", Lifetime.Allocated(pfn)),
        };
        if (Lifetime.RcuQueued(pfn).IsSet)
        {
            sections.Add(Reports.Event("Last potentially related work creation (call_rcu)", Lifetime.RcuQueued(pfn)));
        }

        if (Lifetime.Detached(f).IsSet)
        {
            sections.Add(Reports.Event("Table detached from its pmd", Lifetime.Detached(f)));
        }

        var s = Observed.Strand(access.Strand);
        if (s.SectionOpen)
        {
            sections.Add(Reports.ReaderSection("The access is in a read-side section", access.Strand));
        }

        sections.Add(Reports.PageDump(pfn));
        sections.Add(Reports.ShadowAround(pa));
        Observed.Fail(Reports.Make(FindingKinds.UseAfterFree, Reports.Function(access.Stack, access.Site),
            Reports.Subject(pa), sections));
    }

    private void Reused(in MemoryAccess access, int f)
    {
        var pa = access.Address;
        var w = Observed.PeekWord(pa);
        var changed = w.Written && w.Step > Lifetime.Detached(f).Step
            ? $"value changed: {FindingSections.Hex(w.Previous)} -> {FindingSections.Hex(access.OldValue)} (written AS {w.View.Name()} by T{w.Writer - 1} {w.Primitive} at step {w.Step})"
            : "value unchanged so far, but the table now belongs to someone else";
        var sections = new List<ReportSection?>
        {
            new("Stale reader", [
                $"{Reports.StrandName(access.Strand)} reads a table that was detached and handed out again during its read-side section",
                changed]),
            Reports.Access(access),
            Reports.ReaderSection("The reader's section", access.Strand),
            Reports.Event("Table detached from its pmd", Lifetime.Detached(f)),
            Lifetime.Queued(f).IsSet ? Reports.Event("Queued for RCU", Lifetime.Queued(f)) : null,
            Reports.Event("Handed out again", Lifetime.Reused(f)),
            Reports.PageDump(pa >> PhysicalLayout.PageShift),
            Reports.ShadowAround(pa),
        };
        Observed.Fail(Reports.Make(FindingKinds.UseAfterFree, Reports.Function(access.Stack, access.Site),
            Reports.Subject(pa), sections));
    }
}
