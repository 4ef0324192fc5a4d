// SPDX-License-Identifier: GPL-2.0
// The tagged table pointer of arch/s390/mm/pgalloc.c page_table_free_rcu / __tlb_remove_table (v6.4 to v6.8).

using Pgt.Emulator.Kernel;

namespace Pgt.S390.Fragments;

/// <summary>
/// <c>tlb_remove_table</c> takes a <c>void *</c>; s390 says which kind of table it is in the pointer's low
/// two bits, which are free because tables are at least 2K aligned. <c>__tlb_remove_table</c> later has
/// only that pointer: no mm, no struct mmu_gather.
/// </summary>
public static class TablePointer
{
    /// <summary>The tag bits.</summary>
    public const uint TagMask = 0x03;

    /// <summary>Tag 0: a CRST table (pmd, pud, p4d).</summary>
    public const uint Crst = 0x00;

    /// <summary>Tag 1: the lower 2K half (from d08d4e7cd6bf on: any pte table).</summary>
    public const uint LowerHalf = 0x01;

    /// <summary>Tag 2: the upper 2K half.</summary>
    public const uint UpperHalf = 0x02;

    /// <summary>Tag 3: a whole 4K table with PGSTEs.</summary>
    public const uint Pgste = 0x03;

    /// <summary><c>table | tag</c>.</summary>
    public static ulong Tag(PteTable table, uint tag) => table.Address | tag;

    /// <summary>The table address and the tag of a tagged pointer.</summary>
    public static (ulong Table, uint Tag) Untag(ulong tagged) => (tagged & ~(ulong)TagMask, (uint)(tagged & TagMask));
}
