// SPDX-License-Identifier: GPL-2.0
// page_table_release_check() of arch/s390/mm/pgalloc.c (v6.4; v6.6 also checks the list).

using Pgt.Emulator.Kernel;

namespace Pgt.S390.Fragments;

/// <summary>
/// The DEBUG_VM check before a page-table page is released: the tracking byte must be 0 (else the A/P
/// bits keep <c>_refcount</c> above zero and the page leaks silently) and, from v6.6 on, the page must be
/// off <c>pgtable_list</c>. A failure dumps the page.
/// </summary>
public static class ReleaseCheck
{
    /// <summary>
    /// page_table_release_check(page, table, half, mask); <paramref name="checkListed"/> adds v6.6's
    /// <c>list_empty(&amp;page->lru)</c>.
    /// </summary>
    public static void PageTableReleaseCheck(Machine m, Page page, ulong table, uint half, uint mask, bool checkListed)
    {
        if (mask == 0 && (!checkListed || m.ListEmpty(page.Lru)))
        {
            return;
        }

        m.DumpPage(page, $"Invalid pgtable 0x{table:x} release half 0x{half:x2} mask 0x{mask:x2}");
    }
}
