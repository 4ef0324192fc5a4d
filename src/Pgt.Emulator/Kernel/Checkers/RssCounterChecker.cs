using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// check_mm (kernel/fork.c): when the mm is torn down every rss counter must be back at zero, since
/// exit's zap counts out every page a pte still maps. A pte left in a page table that was detached and
/// freed is never zapped, so its page stays counted: "BUG: Bad rss-counter state" (Jann's report against
/// collapse_pte_mapped_thp before a98460494b16, catalogue #21). The kernel says nothing when the table is
/// freed (PAGE_TABLE_CHECK's page_table_check_pte_clear_range counts such a pte out without a BUG), so
/// neither does this checker; the report names the present ptes it finds in tables no pmd points to.
/// </summary>
internal sealed class RssCounterChecker : Checker
{
    private const int MaxLostPtes = 4;

    public RssCounterChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override void OnCheckMm(Mm mm, MmCounter counter, long value, in Callsite site)
    {
        if (value == 0)
        {
            return;
        }

        var serial = Observed.IsRam(mm.Address) ? Lifetime.MmSerial(mm.Address >> PhysicalLayout.PageShift) : 0;
        var s = Observed.Current;
        var sections = new List<ReportSection?>
        {
            new("check_mm", [
                $"BUG: Bad rss-counter state mm:{FindingSections.Px(mm.Address)} type:{counter.KernelName()} val:{value}",
                $"mm#{serial} is torn down by {Reports.StrandName(s.Id)} at step {Observed.Step}; every page its ptes mapped should have been counted out when the pte was cleared"]),
            new("Teardown", [.. Reports.Stack(s.StackNode, site, "__mmdrop")]),
        };
        sections.AddRange(LostPtes());
        Observed.Fail(Reports.Make(FindingKinds.BadRssCounter, Reports.Function(s, site), $"mm#{serial}", sections));
    }

    /// <summary>Present ptes in fragments no pmd points to: mappings freed with their table, never zapped.</summary>
    private IEnumerable<ReportSection> LostPtes()
    {
        var found = 0;
        for (var f = 0; f < Lifetime.PageCount * 2 && found < MaxLostPtes; f++)
        {
            if (Lifetime.AttachedPmd(f) != 0 || !Observed.IsRam(Fragments.Address(f)))
            {
                continue;
            }

            var table = Fragments.Address(f);
            for (var pa = table; pa < table + (1UL << Fragments.Shift) && found < MaxLostPtes; pa += PhysicalLayout.WordSize)
            {
                var w = Observed.PeekWord(pa);
                if (!w.Written || w.View != View.Pte || !PageTableBits.PtePresent(Observed.Peek(pa)))
                {
                    continue;
                }

                found++;
                var pfn = PageTableBits.PtePfn(Observed.Peek(pa));
                yield return Reports.LastWriterSection(
                    $"Lost mapping: pte {FindingSections.Hex(pa)} (index {(pa - table) / PhysicalLayout.WordSize} of a table no pmd points to) still maps pfn {FindingSections.Hex(pfn)}",
                    pa, View.Pte);
                if (Lifetime.Detached(f).IsSet)
                {
                    yield return Reports.Event("Its table detached", Lifetime.Detached(f));
                }
            }
        }
    }
}
