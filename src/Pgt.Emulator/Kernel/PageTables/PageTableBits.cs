namespace Pgt.Emulator.Kernel;

/// <summary>
/// s390 page-table geometry and entry encodings (arch/s390/include/asm/pgtable.h), as emulated:
/// a segment (pmd) table of 512 entries in one page, each mapping 1 MiB through a 2 KiB pte table.
/// </summary>
public static class PageTableBits
{
    public const int PtrsPerPte = 256;
    public const ulong PteTableSize = PtrsPerPte * 8;
    public const int PtrsPerPmd = 512;
    public const int PmdShift = 20;

    /// <summary><c>_PAGE_INVALID</c>: the only value that is <c>pte_none</c> (Gerald, M3).</summary>
    public const ulong PageInvalid = 0x400;

    public const ulong PagePresent = 0x001;
    public const ulong PageWrite = 0x002;

    /// <summary><c>_SEGMENT_ENTRY_EMPTY</c> (= <c>_SEGMENT_ENTRY_INVALID</c>): a none pmd.</summary>
    public const ulong SegmentEntryEmpty = 0x20;

    /// <summary><c>_SEGMENT_ENTRY_LARGE</c>: the pmd maps a huge page instead of a pte table.</summary>
    public const ulong SegmentEntryLarge = 0x400;

    /// <summary><c>_SEGMENT_ENTRY_ORIGIN</c> for a pte table: 2K aligned.</summary>
    public const ulong SegmentEntryOrigin = ~0x7ffUL;

    public static bool PteNone(ulong pte) => pte == PageInvalid;

    public static bool PtePresent(ulong pte) => (pte & PagePresent) != 0 && (pte & PageInvalid) == 0;

    public static ulong PtePfn(ulong pte) => pte >> PhysicalLayout.PageShift;

    /// <summary><c>mk_pte(page, prot)</c>: a present, writable mapping of <paramref name="page"/>.</summary>
    public static ulong MkPte(Page page) => page.PhysAddr | PagePresent | PageWrite;

    public static bool PmdNone(ulong pmd) => pmd == SegmentEntryEmpty;

    public static bool PmdLarge(ulong pmd) => (pmd & SegmentEntryLarge) != 0;

    public static bool PmdBad(ulong pmd) => !PmdNone(pmd) && (pmd & SegmentEntryEmpty) != 0;

    /// <summary>The pte table a pmd points to, or 0 when it points to none.</summary>
    public static ulong PmdTableAddress(ulong pmd) =>
        PmdNone(pmd) || PmdLarge(pmd) || PmdBad(pmd) ? 0 : pmd & SegmentEntryOrigin;

    public static int PmdIndex(ulong address) => (int)((address >> PmdShift) & (PtrsPerPmd - 1));

    public static int PteIndex(ulong address) =>
        (int)((address >> PhysicalLayout.PageShift) & (PtrsPerPte - 1));
}
