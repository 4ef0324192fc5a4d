using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// KASAN for pages, plus what KASAN cannot see: any access to a freed page is a use-after-free (with the
/// alloc, free and call_rcu stacks); and a lockless reader whose section began before a table was
/// detached, reading that table after it was handed out again, is a use-after-free of its old life
/// ("value changed", KCSAN style).
/// </summary>
internal sealed class UseAfterFreeChecker : Checker
{
    public UseAfterFreeChecker(Machine machine)
        : base(machine)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        var pa = access.Address;
        var pfn = pa >> PhysicalLayout.PageShift;
        if (Shadow.State[pfn] == PageState.Free)
        {
            if (Shadow.Kind[pfn] != PageKind.Mm)
            {
                Freed(access, pfn);
            }

            return;
        }

        if (access.Kind != AccessKind.Read)
        {
            return;
        }

        var f = Shadow.FragmentOf(pa);
        if (Shadow.Detached[f].IsSet && Shadow.FragmentGeneration[f] != Shadow.DetachGeneration[f]
            && Machine.Tracker.IsCoveringReader(f, access.Strand))
        {
            Reused(access, f);
        }
    }

    private void Freed(in MemoryAccess access, ulong pfn)
    {
        var pa = access.Address;
        var f = Shadow.FragmentOf(pa);
        var sections = new List<ReportSection?>
        {
            new("KASAN", [
                $"BUG: KASAN: use-after-free in {Reports.Function(access.Stack, access.Site)}",
                $"{(access.IsWrite ? "Write" : "Read")} of size 8 at addr {ReportWriter.Px(pa)} by task {Machine.NameOf(access.Strand)}",
                $"The buggy address belongs to the physical page {ReportWriter.Hex(pfn << PhysicalLayout.PageShift)}, freed."]),
            Reports.Access(access),
            Reports.Event("Freed", Shadow.Freed[pfn]),
            Reports.Event("Allocated", Shadow.Allocated[pfn]),
        };
        if (Shadow.RcuQueued[pfn].IsSet)
        {
            sections.Add(Reports.Event("Last potentially related work creation (call_rcu)", Shadow.RcuQueued[pfn]));
        }

        if (Shadow.Detached[f].IsSet)
        {
            sections.Add(Reports.Event("Table detached from its pmd", Shadow.Detached[f]));
        }

        var s = Machine.Strand(access.Strand);
        if (s.SectionOpen)
        {
            sections.Add(Reports.ReaderSection("The access is in a read-side section", access.Strand));
        }

        sections.Add(Reports.PageDump(pfn));
        sections.Add(Reports.ShadowAround(pa));
        Machine.Fail(Reports.Make(FindingKinds.UseAfterFree, Reports.Function(access.Stack, access.Site),
            Reports.Subject(pa), sections));
    }

    private void Reused(in MemoryAccess access, int f)
    {
        var pa = access.Address;
        var w = Shadow.PeekWord(pa);
        var changed = w.Written && w.Step > Shadow.Detached[f].Step
            ? $"value changed: {ReportWriter.Hex(w.Previous)} -> {ReportWriter.Hex(access.OldValue)} (written AS {w.View.Name()} by T{w.Writer - 1} {w.Primitive} at step {w.Step})"
            : "value unchanged so far, but the table now belongs to someone else";
        var sections = new List<ReportSection?>
        {
            new("Stale reader", [
                $"{Reports.StrandName(access.Strand)} reads a table that was detached and handed out again during its read-side section",
                changed]),
            Reports.Access(access),
            Reports.ReaderSection("The reader's section", access.Strand),
            Reports.Event("Table detached from its pmd", Shadow.Detached[f]),
            Shadow.Queued[f].IsSet ? Reports.Event("Queued for RCU", Shadow.Queued[f]) : null,
            Reports.Event("Handed out again", Shadow.Reused[f]),
            Reports.PageDump(pa >> PhysicalLayout.PageShift),
            Reports.ShadowAround(pa),
        };
        Machine.Fail(Reports.Make(FindingKinds.UseAfterFree, Reports.Function(access.Stack, access.Site),
            Reports.Subject(pa), sections));
    }
}
