using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>The page allocator and struct page helpers (mm/page_alloc.c, include/linux/mm.h, page-flags.h).</summary>
public static class PagePrimitives
{
    /// <summary>
    /// alloc_pages(GFP_KERNEL, order): never fails (running out of emulated RAM is a finding). With
    /// <paramref name="quarantine"/> the page is never handed out again once freed, whatever the
    /// allocator mode, so every stale access to it is caught.
    /// </summary>
    public static Page AllocPage(this Machine m, int order = 0, bool quarantine = false,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.Allocator.Alloc(order, PageKind.Data, "alloc_pages", new Callsite(caller, file, line), quarantine);

    /// <summary>
    /// __free_page(page): drops a reference; the page goes back to the allocator when it was the last.
    /// On s390 leftover A/P bits keep _refcount above zero, so such a page silently leaks (the checkers say so).
    /// </summary>
    public static void FreePage(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        PutAndRelease(m, page, 0, "__free_page", new Callsite(caller, file, line));

    /// <summary>__free_pages(page, order).</summary>
    public static void FreePages(this Machine m, Page page, int order, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        PutAndRelease(m, page, order, "__free_pages", new Callsite(caller, file, line));

    /// <summary>put_page(page) (gup_put_folio for one page).</summary>
    public static void PutPage(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        m.CheckPage(page, "put_page", site);
        PutAndRelease(m, page, m.Lifetime.Order(page.Pfn), "put_page", site);
    }

    /// <summary>get_page(page) / try_grab_folio for one page: one more reference.</summary>
    public static void GetPage(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(page.WordAddress(StructPage.Counts), RmwOp.AddHigh32, 1, 0, View.Refcount, "get_page",
            new Callsite(caller, file, line));

    /// <summary>
    /// page_ref_add_unless(page, 1, 0) (include/linux/page_ref.h), as folio_ref_try_add_rcu uses it on
    /// SMP: one atomic step that takes a reference unless _refcount is already 0 (the page is on its way
    /// to the allocator). Returns whether it took one.
    /// </summary>
    public static bool PageRefAddUnlessZero(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        (m.RmwWord(page.WordAddress(StructPage.Counts), RmwOp.AddHigh32UnlessZero, 1, 0, View.Refcount,
            "page_ref_add_unless", new Callsite(caller, file, line)) >> 32) != 0;

    /// <summary>
    /// gup_fast's grab: <see cref="PageRefAddUnlessZero"/> for a pte read from <paramref name="table"/>, the
    /// table its snapshot of the pmd at <paramref name="pmdp"/> named. The step also declares reading the
    /// table's lifetime, so the checkers may judge whether that pmd still pointed to it when the grab completed.
    /// </summary>
    internal static bool TryGrabFolioFromTable(this Machine m, Page page, ulong table, ulong pmdp,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var took = (m.RmwWordReading(page.WordAddress(StructPage.Counts), RmwOp.AddHigh32UnlessZero, 1, 0, table,
            View.Refcount, "try_grab_folio", new Callsite(caller, file, line)) >> 32) != 0;
        m.Hub.OnGupFastGrab(page, table, pmdp, took);
        return took;
    }

    /// <summary>page_ref_count(page): the whole _refcount, s390's A/P byte included.</summary>
    public static uint PageRefCount(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.AtomicRead(page.Refcount, caller, file, line);

    public static bool PageActive(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        (m.ReadWord(page.WordAddress(StructPage.Flags), View.PageFlags, AccessMode.Once, "PageActive",
            new Callsite(caller, file, line)) & (ulong)PageFlags.Active) != 0;

    /// <summary>SetPageActive(page) (atomic set_bit).</summary>
    public static void SetPageActive(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(page.WordAddress(StructPage.Flags), RmwOp.Or, (ulong)PageFlags.Active, 0, View.PageFlags,
            "SetPageActive", new Callsite(caller, file, line));

    public static void ClearPageActive(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(page.WordAddress(StructPage.Flags), RmwOp.AndNot, (ulong)PageFlags.Active, 0, View.PageFlags,
            "ClearPageActive", new Callsite(caller, file, line));

    /// <summary>TestClearPageActive(page) (atomic test_and_clear_bit).</summary>
    public static bool TestClearPageActive(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        (m.RmwWord(page.WordAddress(StructPage.Flags), RmwOp.AndNot, (ulong)PageFlags.Active, 0, View.PageFlags,
            "TestClearPageActive", new Callsite(caller, file, line)) & (ulong)PageFlags.Active) != 0;

    public static bool PageTable(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        (m.ReadWord(page.WordAddress(StructPage.Flags), View.PageFlags, AccessMode.Once, "PageTable",
            new Callsite(caller, file, line)) & (ulong)PageFlags.Table) != 0;

    /// <summary>
    /// pgtable_pte_page_ctor(page) (v6.4; pagetable_pte_ctor later): initialise the embedded ptl and mark
    /// the page PageTable. Always succeeds here.
    /// </summary>
    public static bool PgtablePteCtor(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        m.CheckPage(page, "pgtable_pte_page_ctor", site);
        LockPrimitives.Init(m, page.Ptl, "ptlock_ptr(page)", "pgtable_pte_page_ctor", site);
        m.RmwWord(page.WordAddress(StructPage.Flags), RmwOp.Or, (ulong)PageFlags.Table, 0, View.PageFlags,
            "pgtable_pte_page_ctor", site);
        // From here on the page's _refcount carries s390's A/P byte: a change of its lifetime state.
        m.Lifetime.BecomePteTable(m.Current, page.Pfn, site);
        return true;
    }

    /// <summary>
    /// pgtable_pte_page_dtor(page): destroy the ptl (a later locker finds a bad magic, as with a freed
    /// split ptlock) and clear PageTable.
    /// </summary>
    public static void PgtablePteDtor(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        m.CheckPage(page, "pgtable_pte_page_dtor", site);
        m.WriteWord(page.WordAddress(StructPage.Ptl), 0, View.Ptl, AccessMode.Plain, "pgtable_pte_page_dtor", site);
        m.RmwWord(page.WordAddress(StructPage.Flags), RmwOp.AndNot, (ulong)PageFlags.Table, 0, View.PageFlags,
            "pgtable_pte_page_dtor", site);
        m.Lifetime.RecordDtor(page.Pfn, m.Record(m.Current, "pgtable_pte_page_dtor", site));
    }

    /// <summary>virt_to_page(pa).</summary>
    public static Page VirtToPage(this Machine m, ulong pa) => Page.FromAddress(m, pa);

    /// <summary>
    /// put_page_testzero, then free_the_page at 0. The refcount store declares the page's lifetime (the
    /// double-free check reads it there); free_pages_prepare reads the flags once, then the checks of the
    /// release (still listed, rcu_head still queued, a table still queued) run at one point that declares
    /// <c>lru</c> and the page's lifetime, where the page becomes free.
    /// </summary>
    private static void PutAndRelease(Machine m, Page page, int order, string primitive, in Callsite site)
    {
        m.CheckPage(page, primitive, site);
        var s = m.Current;
        var counts = page.WordAddress(StructPage.Counts);
        m.ScheduleStore(s, OperationKind.ReadModifyWrite, counts, RmwOp.AddHigh32, 0xffff_ffffUL, 0);
        m.Hub.OnPagePut(page, site);
        var old = m.RmwWordNow(s, counts, RmwOp.AddHigh32, 0xffff_ffffUL, 0, View.Refcount, primitive, site);
        var after = unchecked((uint)(old >> 32) - 1);
        if (after != 0)
        {
            m.Hub.OnPageFree(page, order, after, 0, site);
            return;
        }

        var flags = m.ReadWord(page.WordAddress(StructPage.Flags), View.PageFlags, AccessMode.Plain, primitive, site);
        var lru = page.WordAddress(StructPage.LruNext);
        m.Schedule(s, PageLifetimes.WithPageLifetime(new Operation(OperationKind.Read, m.ResourceOf(lru)), page.Pfn));
        m.ReadWordNow(s, lru, View.LruNext, AccessMode.Plain, primitive, site);
        m.Hub.OnPageFree(page, order, 0, flags, site);
        m.Allocator.Release(page, order, primitive, site);
    }
}
