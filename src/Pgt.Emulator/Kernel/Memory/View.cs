namespace Pgt.Emulator.Kernel;

/// <summary>
/// The name a word is accessed through. Several views name one word (a union): <c>lru.next</c>,
/// <c>rcu_head.next</c> and <c>compound_head</c> are word 1 of a struct page. Every write records its
/// view, so a report can say "lru.next was last written AS rcu_head.next".
/// </summary>
public enum View : byte
{
    Data,
    Pte,
    Pmd,

    // struct page (see StructPage for the word of each)
    PageFlags,
    LruNext,
    LruPrev,
    RcuHeadNext,
    RcuHeadFunc,
    CompoundHead,
    PmdHugePte,
    Mapping,
    PtMm,
    PtFragRefcount,
    Ptl,
    Refcount,
    MemcgData,

    // a list_head that is not a page's lru (threaded through a table, inside an object)
    ListNext,
    ListPrev,

    // mm_struct (see MmLayout)
    MmUsers,
    MmCount,
    ContextLock,
    PgtableListNext,
    PgtableListPrev,
    MmPgd,
    ContextFlags,
    MmNrPtes,
    MmId,
    MmapLock,
    MmVmas,
    IMmapRwsem,
    IMmapLinked,
    MmRssStat,

    // mmu_gather batch page
    BatchNr,
    BatchEntry,

    // a spinlock_t outside struct page
    SpinLock,
}

/// <summary>Kernel-style names of views, for reports.</summary>
public static class ViewNames
{
    public static string Name(this View view) => view switch
    {
        View.Data => "data",
        View.Pte => "pte",
        View.Pmd => "pmd",
        View.PageFlags => "flags",
        View.LruNext => "lru.next",
        View.LruPrev => "lru.prev",
        View.RcuHeadNext => "rcu_head.next",
        View.RcuHeadFunc => "rcu_head.func",
        View.CompoundHead => "compound_head",
        View.PmdHugePte => "pmd_huge_pte",
        View.Mapping => "mapping",
        View.PtMm => "pt_mm",
        View.PtFragRefcount => "pt_frag_refcount",
        View.Ptl => "ptl",
        View.Refcount => "_refcount",
        View.MemcgData => "memcg_data",
        View.ListNext => "list_head.next",
        View.ListPrev => "list_head.prev",
        View.MmUsers => "mm_users",
        View.MmCount => "mm_count",
        View.ContextLock => "context.lock",
        View.PgtableListNext => "context.pgtable_list.next",
        View.PgtableListPrev => "context.pgtable_list.prev",
        View.MmPgd => "pgd",
        View.ContextFlags => "context.flags",
        View.MmNrPtes => "pgtables_bytes",
        View.MmId => "mm id",
        View.MmapLock => "mmap_lock",
        View.MmVmas => "mm_mt (VMAs)",
        View.IMmapRwsem => "mapping->i_mmap_rwsem",
        View.IMmapLinked => "mapping->i_mmap (VMAs linked)",
        View.MmRssStat => "rss_stat",
        View.BatchNr => "batch->nr",
        View.BatchEntry => "batch->tables[]",
        View.SpinLock => "spinlock",
        _ => view.ToString(),
    };
}
