namespace Pgt.Emulator.Kernel;

/// <summary>
/// Words of the emulated mm_struct (one page each, never reused so that a use after teardown is always
/// caught). Only what the s390 page-table code needs.
/// </summary>
public static class MmLayout
{
    public const int Users = 0;
    public const int Count = 1;
    public const int ContextLock = 2;
    public const int PgtableListNext = 3;
    public const int PgtableListPrev = 4;
    public const int Pgd = 5;
    public const int ContextFlags = 6;
    public const int NrPtes = 7;
    public const int Serial = 8;

    /// <summary><c>mmap_lock</c>: readers in the low 32 bits, <see cref="MmapLockWriter"/> when held for write.</summary>
    public const int MmapLock = 9;

    /// <summary>The writer bit of the <see cref="MmapLock"/> word (bits 32-62 name the writer).</summary>
    public const ulong MmapLockWriter = 1UL << 63;

    /// <summary>
    /// The VMAs of the mm's tree (<c>mm->mm_mt</c>): bit i set while the 1 MiB region at i MiB is mapped.
    /// Every region below 64 MiB is a VMA of one mapped file from mm_alloc on; munmap detaches them.
    /// </summary>
    public const int Vmas = 10;

    /// <summary>
    /// <c>i_mmap_rwsem</c> of the file the VMAs map. It belongs to the file's address_space, not to the mm:
    /// it lives in the mm's page because every scenario maps its one file into one mm.
    /// </summary>
    public const int IMmapRwsem = 11;

    /// <summary>The file's <c>i_mmap</c> interval tree, for this mm: bit i set while region i's VMA is linked (rmap can find it).</summary>
    public const int IMmapLinked = 12;

    /// <summary><c>mm->rss_stat[MM_FILEPAGES]</c>: pages of files the mm's ptes map (a signed count).</summary>
    public const int RssFilePages = 13;

    /// <summary><c>mm->rss_stat[MM_ANONPAGES]</c>: anonymous pages the mm's ptes map (a signed count).</summary>
    public const int RssAnonPages = 14;

    /// <summary>The regions <see cref="Vmas"/> and <see cref="IMmapLinked"/> can describe: 0 to 63 MiB.</summary>
    public const int Regions = 64;

    /// <summary>context.flags bit: the mm has PGSTEs (KVM guest), tables take a whole 4K page.</summary>
    public const ulong HasPgste = 1;

    /// <summary>context.flags bit: allocate PGSTE tables (mm_alloc_pgste).</summary>
    public const ulong AllocPgste = 2;

    public static View ViewOf(int word) => word switch
    {
        Users => View.MmUsers,
        Count => View.MmCount,
        ContextLock => View.ContextLock,
        PgtableListNext => View.PgtableListNext,
        PgtableListPrev => View.PgtableListPrev,
        Pgd => View.MmPgd,
        ContextFlags => View.ContextFlags,
        NrPtes => View.MmNrPtes,
        Serial => View.MmId,
        MmapLock => View.MmapLock,
        Vmas => View.MmVmas,
        IMmapRwsem => View.IMmapRwsem,
        IMmapLinked => View.IMmapLinked,
        RssFilePages or RssAnonPages => View.MmRssStat,
        _ => View.Data,
    };
}
