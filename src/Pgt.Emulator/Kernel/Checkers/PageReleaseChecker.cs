using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// page_table_release_check and free_pages_prepare for page-table pages (kernel-s390.md §1.4, §5, §7
/// assertions 1 and 4): A/P bits left in _refcount (the page leaks), a page still on a list, PG_active
/// or PageTable still set, a table of it still queued, a double free; and at every change of the
/// fragment byte, "never A and P for one half".
/// </summary>
internal sealed class PageReleaseChecker : Checker
{
    public PageReleaseChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override void OnFragmentMask(Page page, uint oldMask, uint newMask, in MemoryAccess cause)
    {
        for (var half = 0; half < 2; half++)
        {
            if ((newMask & (0x01u << half)) != 0 && (newMask & (0x10u << half)) != 0
                && !GracePeriodEndedAwaitingRelease((int)(page.Pfn * 2) + half))
            {
                Observed.Fail(Reports.Make(FindingKinds.FragmentMask, Reports.Function(cause.Stack, cause.Site),
                    $"pte fragment {half} of {page}",
                [
                    new ReportSection("Fragment mask", [
                        $"half {half} of {page} is both allocated (A) and pending free (P): mask {FindingSections.Hex(oldMask)} -> {FindingSections.Hex(newMask)}",
                        "kernel comment: A and P are never both set for one half (the \"impossible\" 0x13/0x23)"]),
                    Reports.Access(cause),
                    Reports.PageDump(page.Pfn),
                ]));
            }
        }
    }

    /// <summary>
    /// The half was queued for RCU freeing in this life and its grace period has ended: its P bit only
    /// waits for __tlb_remove_table, which finds the half allocated again and returns (mask != 0). A and
    /// P together are then harmless, so not reported: the kernel could not fail there. Handed out while
    /// the grace period ran, it is a reuse-before-grace-period (catalogue #11).
    /// </summary>
    private bool GracePeriodEndedAwaitingRelease(int fragment) =>
        Lifetime.DetachedNow(fragment) && Lifetime.Queued(fragment).IsSet
        && Lifetime.Queued(fragment).Step >= Lifetime.Detached(fragment).Step && !Lifetime.QueuePending(fragment);

    public override void OnPagePut(Page page, in Callsite site)
    {
        if (Lifetime.State(page.Pfn) == PageState.Free)
        {
            Report(page, site, $"BUG: Bad page state: {page} is already free (double free; _refcount would underflow)",
                Reports.Event("Freed before", Lifetime.Freed(page.Pfn)));
        }
    }

    public override void OnPageFree(Page page, int order, uint refcountAfter, ulong flags, in Callsite site)
    {
        var pfn = page.Pfn;
        var mask = refcountAfter >> 24;
        if (Lifetime.Kind(pfn) == PageKind.PteTable && mask != 0)
        {
            Report(page, site,
                $"Invalid pgtable {page} release: mask {FindingSections.Hex(mask)} left in _refcount, so put_page_testzero fails and the page leaks");
        }

        if (refcountAfter != 0)
        {
            return;
        }

        var pageFlags = (PageFlags)flags;
        if ((pageFlags & PageFlags.CheckAtFree) != 0)
        {
            Report(page, site, $"BUG: Bad page state in process {Observed.NameOf(Observed.Current.Id)}  pfn:{pfn:x5}",
                null, $"page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set ({pageFlags & PageFlags.CheckAtFree})");
        }

        if ((pageFlags & PageFlags.Table) != 0)
        {
            Report(page, site, $"BUG: Bad page state in process {Observed.NameOf(Observed.Current.Id)}  pfn:{pfn:x5}",
                null, "page dumped because: PageTable still set (the pgtable dtor was not called)");
        }

        if (Lifetime.ListedOn(pfn) != 0)
        {
            Report(page, site, $"Invalid pgtable {page} release: still listed on {FindingSections.Hex(Lifetime.ListedOn(pfn))}",
                Reports.Event("Listed", Lifetime.Listed(pfn)));
        }

        for (var half = 0; half < 2; half++)
        {
            var f = (int)(pfn * 2) + half;
            if (Lifetime.QueuePending(f))
            {
                Report(page, site, $"{page} freed while its half {half} is still queued for RCU freeing",
                    Reports.Event("Queued", Lifetime.Queued(f)));
            }
        }
    }

    private void Report(Page page, in Callsite site, string message, ReportSection? earlier = null, string? detail = null)
    {
        var s = Observed.Current;
        var lines = new List<string> { message };
        if (detail is not null)
        {
            lines.Add(detail);
        }

        Observed.Fail(Reports.Make(FindingKinds.BadPageRelease, Reports.Function(s, site), page.ToString(),
        [
            new ReportSection("Page release", lines),
            new ReportSection("Free", [$"__free_page({page}) by {Reports.StrandName(s.Id)} at step {Observed.Step}",
                .. Reports.Stack(s.StackNode, site, "__free_page")]),
            earlier,
            Reports.PageDump(page.Pfn),
        ]));
    }
}
