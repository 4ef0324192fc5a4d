namespace Pgt.Emulator.Kernel;

/// <summary>The mm's rss counters the emulated drivers keep (<c>mm->rss_stat[]</c>, include/linux/mm_types_task.h).</summary>
public enum MmCounter
{
    /// <summary><c>MM_FILEPAGES</c>: page-cache pages mapped by the mm's ptes.</summary>
    FilePages,

    /// <summary><c>MM_ANONPAGES</c>: anonymous pages mapped by the mm's ptes.</summary>
    AnonPages,
}
