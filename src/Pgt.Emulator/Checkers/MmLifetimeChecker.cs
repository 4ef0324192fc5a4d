using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// mm_struct lifetime (kernel-s390.md §7 assertion 7, catalogue #7 and #8): any access to a torn-down mm
/// or to the pmd table freed with it is <c>mm-after-free</c> (KASAN would say slab-use-after-free in
/// <c>_raw_spin_lock_bh</c>); the final <c>mmdrop</c> from softirq or with irqs off is <c>sleep-in-atomic</c>.
/// </summary>
internal sealed class MmLifetimeChecker : Checker
{
    public MmLifetimeChecker(Machine machine)
        : base(machine)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        var pa = access.Address;
        var pfn = pa >> PhysicalLayout.PageShift;
        if (Shadow.State[pfn] != PageState.Free || Shadow.Kind[pfn] is not (PageKind.Mm or PageKind.PmdTable))
        {
            return;
        }

        var mmPage = Shadow.Kind[pfn] == PageKind.Mm ? pfn : MmPageOf(Shadow.MmSerial[pfn]);
        var sections = new List<ReportSection?>
        {
            new("KASAN", [
                $"BUG: KASAN: slab-use-after-free in {Reports.Function(access.Stack, access.Site)}",
                $"{(access.IsWrite ? "Write" : "Read")} of size 8 at addr {ReportWriter.Px(pa)} by task {Machine.NameOf(access.Strand)}",
                $"The buggy address belongs to mm#{Shadow.MmSerial[pfn]}, freed by its last mmdrop."]),
            Reports.Access(access),
        };
        if (mmPage != 0 && Shadow.MmTeardown[mmPage].IsSet)
        {
            sections.Add(Reports.Event("mm torn down (__mmdrop)", Shadow.MmTeardown[mmPage]));
        }

        sections.Add(Reports.Event("Freed", Shadow.Freed[pfn]));
        sections.Add(Reports.Event("Allocated", Shadow.Allocated[pfn]));
        sections.Add(Reports.ShadowAround(pa));
        Machine.Fail(Reports.Make(FindingKinds.MmAfterFree, Reports.Function(access.Stack, access.Site),
            $"mm#{Shadow.MmSerial[pfn]}", sections));
    }

    public override void OnMmTeardown(Mm mm, in Callsite site)
    {
        var s = Machine.Current;
        if (!s.InSoftirq && s.IrqDepth == 0)
        {
            return;
        }

        var where = s.InSoftirq ? "in_softirq(): 1" : "irqs_disabled(): 1";
        Machine.Fail(Reports.SleepInAtomic(s, "mmdrop", site,
            $"__mmdrop(mm#{Machine.MmSerial(mm)}) from atomic context ({where}); an RCU callback must use mmdrop_async()"));
    }

    private ulong MmPageOf(int serial)
    {
        for (var pfn = 0; pfn < Shadow.PageCount; pfn++)
        {
            if (Shadow.Kind[pfn] == PageKind.Mm && Shadow.MmSerial[pfn] == serial)
            {
                return (ulong)pfn;
            }
        }

        return 0;
    }
}
