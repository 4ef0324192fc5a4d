using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// mm_struct lifetime (kernel-s390.md §7 assertion 7, catalogue #7 and #8): any access to a torn-down mm
/// (but the mapped file's words kept in its page, which the file outlives) or to the pmd table freed with it is <c>mm-after-free</c> (KASAN would say slab-use-after-free in
/// <c>_raw_spin_lock_bh</c>); the final <c>mmdrop</c> from softirq or with irqs off is <c>sleep-in-atomic</c>.
/// </summary>
internal sealed class MmLifetimeChecker : Checker
{
    public MmLifetimeChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnAccess(in MemoryAccess access)
    {
        var pa = access.Address;
        var pfn = pa >> PhysicalLayout.PageShift;
        if (Lifetime.State(pfn) != PageState.Free || Lifetime.Kind(pfn) is not (PageKind.Mm or PageKind.PmdTable))
        {
            return;
        }

        if (Lifetime.Kind(pfn) == PageKind.Mm && IsFileWord(pa))
        {
            // The mapped file's i_mmap_rwsem and i_mmap tree live in the mm's page (one file per mm, see
            // MmLayout.IMmapRwsem) but belong to the file's address_space, which outlives the mm: an rmap
            // walker (retract_page_tables) may take i_mmap_lock_read after exit_mmap and the last mmdrop,
            // and then finds no VMA of this mm. Not an access to the mm.
            return;
        }

        var mmPage = Lifetime.Kind(pfn) == PageKind.Mm ? pfn : MmPageOf(Lifetime.MmSerial(pfn));
        var sections = new List<ReportSection?>
        {
            new("KASAN", [
                $"BUG: KASAN: slab-use-after-free in {Reports.Function(access.Stack, access.Site)}",
                $"{(access.IsWrite ? "Write" : "Read")} of size 8 at addr {FindingSections.Px(pa)} by task {Observed.NameOf(access.Strand)}",
                $"The buggy address belongs to mm#{Lifetime.MmSerial(pfn)}, freed by its last mmdrop."]),
            Reports.Access(access),
        };
        if (mmPage != 0 && Lifetime.MmTeardown(mmPage).IsSet)
        {
            sections.Add(Reports.Event("mm torn down (__mmdrop)", Lifetime.MmTeardown(mmPage)));
        }

        sections.Add(Reports.Event("Freed", Lifetime.Freed(pfn)));
        sections.Add(Reports.Event("Allocated", Lifetime.Allocated(pfn)));
        sections.Add(Reports.ShadowAround(pa));
        Observed.Fail(Reports.Make(FindingKinds.MmAfterFree, Reports.Function(access.Stack, access.Site),
            $"mm#{Lifetime.MmSerial(pfn)}", sections));
    }

    public override void OnMmTeardown(Mm mm, in Callsite site)
    {
        var s = Observed.Current;
        if (!s.InSoftirq && s.IrqDepth == 0)
        {
            return;
        }

        var where = s.InSoftirq ? "in_softirq(): 1" : "irqs_disabled(): 1";
        Observed.Fail(Observed.Faults.SleepInAtomic(s, "mmdrop", site,
            $"__mmdrop(mm#{MmSerial(mm)}) from atomic context ({where}); an RCU callback must use mmdrop_async()"));
    }

    private static bool IsFileWord(ulong pa) =>
        (pa & ~PhysicalLayout.PageMask) / PhysicalLayout.WordSize is MmLayout.IMmapRwsem or MmLayout.IMmapLinked;

    private int MmSerial(Mm mm) => Observed.IsRam(mm.Address) ? Lifetime.MmSerial(mm.Address >> PhysicalLayout.PageShift) : 0;

    private ulong MmPageOf(int serial)
    {
        for (var pfn = 0UL; pfn < (ulong)Lifetime.PageCount; pfn++)
        {
            if (Lifetime.Kind(pfn) == PageKind.Mm && Lifetime.MmSerial(pfn) == serial)
            {
                return pfn;
            }
        }

        return 0;
    }
}
