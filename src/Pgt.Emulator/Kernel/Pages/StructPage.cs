namespace Pgt.Emulator.Kernel;

/// <summary>
/// The words of a 64-bit struct page around v6.4 (include/linux/mm_types.h), for s390. Union members
/// are views of one word, never separate storage:
/// <code>
/// word 0  flags (PG_active, PG_table, ...)
/// word 1  lru.next   = rcu_head.next = compound_head (bit 0 set on tails) = _pt_pad_1
/// word 2  lru.prev   = rcu_head.func = pmd_huge_pte
/// word 3  mapping
/// word 4  pt_mm      = pt_frag_refcount
/// word 5  ptl        (spinlock_t; ALLOC_SPLIT_PTLOCKS off)
/// word 6  _mapcount / page_type (low 32) | _refcount (high 32; bits 24-31 of it are s390's A/P byte)
/// word 7  memcg_data
/// </code>
/// </summary>
public static class StructPage
{
    public const int Flags = 0;
    public const int LruNext = 1;
    public const int LruPrev = 2;
    public const int Mapping = 3;
    public const int PtMm = 4;
    public const int Ptl = 5;
    public const int Counts = 6;
    public const int MemcgData = 7;

    /// <summary>Which word of its struct page the vmemmap address <paramref name="pa"/> is.</summary>
    public static int WordOf(ulong pa) => (int)((pa - PhysicalLayout.VmemmapBase) / PhysicalLayout.WordSize % 8);

    /// <summary>The pfn whose struct page holds the vmemmap address <paramref name="pa"/>.</summary>
    public static ulong PfnOf(ulong pa) => (pa - PhysicalLayout.VmemmapBase) / PhysicalLayout.StructPageSize;

    /// <summary>Every view of <paramref name="word"/>, for page dumps.</summary>
    public static IReadOnlyList<View> ViewsOf(int word) => word switch
    {
        Flags => [View.PageFlags],
        LruNext => [View.LruNext, View.RcuHeadNext, View.CompoundHead],
        LruPrev => [View.LruPrev, View.RcuHeadFunc, View.PmdHugePte],
        Mapping => [View.Mapping],
        PtMm => [View.PtMm, View.PtFragRefcount],
        Ptl => [View.Ptl],
        Counts => [View.Refcount],
        _ => [View.MemcgData],
    };
}

/// <summary>Page flag bits in struct page word 0 (the subset this emulator uses).</summary>
[Flags]
public enum PageFlags : ulong
{
    None = 0,
    Locked = 1UL << 0,
    Referenced = 1UL << 2,
    Lru = 1UL << 5,
    Head = 1UL << 6,
    Active = 1UL << 8,
    Reserved = 1UL << 10,
    /// <summary>PageTable (a page_type in the real kernel; a flag here).</summary>
    Table = 1UL << 12,

    /// <summary>Flags that must be clear when a page is freed (PAGE_FLAGS_CHECK_AT_FREE, subset).</summary>
    CheckAtFree = Locked | Lru | Active | Reserved,
}
