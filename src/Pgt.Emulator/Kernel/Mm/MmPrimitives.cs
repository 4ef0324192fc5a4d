using System.Runtime.CompilerServices;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// mm_struct lifetime: mm_alloc + init_new_context + pgd_alloc, mmgrab/mmdrop, mmget/mmput. An mm's
/// memory is never handed out again, so any access after its teardown is caught (mm-after-free).
/// </summary>
public static class MmPrimitives
{
    /// <summary>
    /// Creates an mm with mm_users = mm_count = 1, an empty <c>context.pgtable_list</c>, an initialised
    /// <c>context.lock</c> and an empty segment (pmd) table. <paramref name="pgste"/> makes it a KVM guest
    /// mm whose tables take a whole 4K page (mm_alloc_pgste).
    /// </summary>
    [return: MmSource]
    public static Mm MmAlloc(this Machine m, bool pgste = false, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        var serial = m.NextMmSerial();
        var page = m.Allocator.Alloc(0, PageKind.Mm, "mm_alloc", site, mmSerial: serial);
        var mm = new Mm(m, page.PhysAddr);
        m.InitWord(mm.WordAddress(MmLayout.Users), 1, View.MmUsers, "mm_alloc", site);
        m.InitWord(mm.WordAddress(MmLayout.Count), 1, View.MmCount, "mm_alloc", site);
        LockPrimitives.InitUnpublished(m, mm.Context.Lock, "&mm->context.lock", "init_new_context", site);
        var list = mm.Context.PgtableList;
        m.InitWord(list.Address, list.Address, View.PgtableListNext, "init_new_context", site);
        m.InitWord(list.Address + 8, list.Address, View.PgtableListPrev, "init_new_context", site);
        m.InitWord(mm.WordAddress(MmLayout.ContextFlags), pgste ? MmLayout.HasPgste | MmLayout.AllocPgste : 0,
            View.ContextFlags, "init_new_context", site);
        m.InitWord(mm.WordAddress(MmLayout.NrPtes), 0, View.MmNrPtes, "mm_alloc", site);
        m.InitWord(mm.WordAddress(MmLayout.Serial), (ulong)serial, View.MmId, "mm_alloc", site);
        m.InitWord(mm.WordAddress(MmLayout.MmapLock), 0, View.MmapLock, "mm_alloc", site);
        m.InitWord(mm.WordAddress(MmLayout.Vmas), ulong.MaxValue, View.MmVmas, "mmap_region", site);
        m.InitWord(mm.WordAddress(MmLayout.IMmapRwsem), 0, View.IMmapRwsem, "mmap_region", site);
        m.InitWord(mm.WordAddress(MmLayout.IMmapLinked), ulong.MaxValue, View.IMmapLinked, "vma_link_file", site);
        m.InitWord(mm.WordAddress(MmLayout.RssFilePages), 0, View.MmRssStat, "mm_init", site);
        m.InitWord(mm.WordAddress(MmLayout.RssAnonPages), 0, View.MmRssStat, "mm_init", site);

        var pmdPage = m.Allocator.Alloc(0, PageKind.PmdTable, "pgd_alloc", site, mmSerial: serial);
        for (var i = 0; i < PageTableBits.PtrsPerPmd; i++)
        {
            m.InitRaw(pmdPage.PhysAddr + (ulong)i * 8, PageTableBits.SegmentEntryEmpty, View.Pmd, "pgd_alloc", site);
        }

        LockPrimitives.InitUnpublished(m, pmdPage.Ptl, "ptlock_ptr(pmd page)", "pgd_alloc", site);
        // pagetable_pmd_ctor: no THP deposit list yet (the word may hold what the page's last owner left).
        m.InitWord(pmdPage.PmdHugePte.Address, 0, View.PmdHugePte, "pgd_alloc", site);
        m.InitWord(mm.WordAddress(MmLayout.Pgd), pmdPage.PhysAddr, View.MmPgd, "pgd_alloc", site);
        return mm;
    }

    /// <summary>mmgrab(mm): pin the mm_struct (not the address space).</summary>
    public static void Mmgrab(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(mm.WordAddress(MmLayout.Count), RmwOp.Add, 1, 0, View.MmCount, "mmgrab",
            new Callsite(caller, file, line));

    /// <summary>mmdrop(mm): the last drop tears the mm down (__mmdrop), which must not run in atomic context.</summary>
    public static void Mmdrop(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Drop(m, mm, "mmdrop", false, new Callsite(caller, file, line));

    /// <summary>mmdrop_async(mm): like mmdrop, but the teardown runs later from a workqueue (process context).</summary>
    public static void MmdropAsync(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Drop(m, mm, "mmdrop_async", true, new Callsite(caller, file, line));

    /// <summary>mmget(mm): pin the address space.</summary>
    public static void Mmget(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(mm.WordAddress(MmLayout.Users), RmwOp.Add, 1, 0, View.MmUsers, "mmget",
            new Callsite(caller, file, line));

    /// <summary>mmput(mm): the last user drops the mm's own reference (exit_mmap is the scenario's business).</summary>
    public static void Mmput(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        var old = m.RmwWord(mm.WordAddress(MmLayout.Users), RmwOp.Add, unchecked((ulong)-1L), 0, View.MmUsers,
            "mmput", site);
        if (old == 1)
        {
            Drop(m, mm, "mmput", false, site);
        }
    }

    /// <summary>
    /// mmput's <c>atomic_dec_and_test(&amp;mm->mm_users)</c> alone: true when the caller was the last user and
    /// must run __mmput itself (exit_mmap, then <see cref="Mmdrop"/>), which <see cref="Mmput"/> leaves to the scenario.
    /// </summary>
    public static bool MmUsersDecAndTest(this Machine m, Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(mm.WordAddress(MmLayout.Users), RmwOp.Add, unchecked((ulong)-1L), 0, View.MmUsers, "mmput",
            new Callsite(caller, file, line)) == 1;

    /// <summary>mm_has_pgste(mm).</summary>
    public static bool MmHasPgste(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        (m.ReadWord(mm.WordAddress(MmLayout.ContextFlags), View.ContextFlags, AccessMode.Once, "mm_has_pgste",
            new Callsite(caller, file, line)) & MmLayout.HasPgste) != 0;

    /// <summary>mm_alloc_pgste(mm).</summary>
    public static bool MmAllocPgste(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        (m.ReadWord(mm.WordAddress(MmLayout.ContextFlags), View.ContextFlags, AccessMode.Once, "mm_alloc_pgste",
            new Callsite(caller, file, line)) & MmLayout.AllocPgste) != 0;

    /// <summary>mm_inc_nr_ptes(mm).</summary>
    public static void MmIncNrPtes(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(mm.WordAddress(MmLayout.NrPtes), RmwOp.Add, PageTableBits.PteTableSize, 0, View.MmNrPtes,
            "mm_inc_nr_ptes", new Callsite(caller, file, line));

    /// <summary>mm_dec_nr_ptes(mm).</summary>
    public static void MmDecNrPtes(this Machine m, [RequiresMm] Mm mm, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(mm.WordAddress(MmLayout.NrPtes), RmwOp.Add, unchecked(0UL - PageTableBits.PteTableSize), 0,
            View.MmNrPtes, "mm_dec_nr_ptes", new Callsite(caller, file, line));

    /// <summary>The mm's serial number for reports ("mm#1").</summary>
    public static int MmSerial(this Machine m, Mm mm) =>
        m.Memory.IsRam(mm.Address) ? m.Lifetime.MmSerial(mm.Address >> PhysicalLayout.PageShift) : 0;

    private static void Drop(Machine m, Mm mm, string primitive, bool deferred, in Callsite site)
    {
        var old = m.RmwWord(mm.WordAddress(MmLayout.Count), RmwOp.Add, unchecked((ulong)-1L), 0, View.MmCount,
            primitive, site);
        if (old != 1)
        {
            return;
        }

        RssPrimitives.CheckMm(m, mm, site);

        // __mmdrop: a deferred teardown (mmdrop_async) runs from a workqueue, in process context.
        if (!deferred)
        {
            m.Hub.OnMmTeardown(mm, site);
        }

        var s = m.Current;
        var pfn = mm.Address >> PhysicalLayout.PageShift;
        m.Lifetime.RecordMmTeardown(pfn, m.Record(s, "__mmdrop", site));
        var pgd = m.ReadWord(mm.WordAddress(MmLayout.Pgd), View.MmPgd, AccessMode.Plain, "__mmdrop", site);
        m.FreePage(Page.FromAddress(m, pgd), site.Member, site.File, site.Line);
        m.FreePage(Page.FromAddress(m, mm.Address), site.Member, site.File, site.Line);
    }
}
