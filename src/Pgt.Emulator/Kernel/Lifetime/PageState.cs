namespace Pgt.Emulator.Kernel;

/// <summary>The allocation state of a page (KASAN's view).</summary>
public enum PageState : byte
{
    /// <summary>Never handed out in this execution.</summary>
    Unused,
    Allocated,
    /// <summary>Freed to the page allocator: any access is a use-after-free.</summary>
    Free,
}

/// <summary>What a page is used for, so reports and checkers can name its words.</summary>
public enum PageKind : byte
{
    None,
    Reserved,
    Vmemmap,
    Data,
    PteTable,
    PmdTable,
    Mm,
    TlbBatch,
}
