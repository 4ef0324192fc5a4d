using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Generic;

/// <summary>
/// The generic page-table code (include/asm-generic/pgalloc.h, mm/pgtable-generic.c): one pte table per
/// page, <c>pte_free_defer</c> = <c>call_rcu(&amp;page->rcu_head, pte_free_now)</c> as in commit
/// 13cf577e6b66 and, on s390, after d08d4e7cd6bf. A second, small port next to the s390 one (src/Pgt.S390,
/// two tables per page): the building blocks of the emulator's own scenarios, tests and benchmarks.
/// </summary>
public static class GenericPageTables
{
    /// <summary>pte_alloc_one(mm): a fresh page, its ptl and PageTable, all 256 entries pte_none.</summary>
    public static PteTable PteAllocOne(Machine m, [RequiresMm] Mm mm)
    {
        _ = mm;
        using var frame = m.Enter("pte_alloc_one");
        var page = m.AllocPage();
        m.PgtablePteCtor(page);
        m.Memset64(page.PhysAddr, PageTableBits.PageInvalid, PageTableBits.PtrsPerPte);
        return new PteTable(m, page.PhysAddr);
    }

    /// <summary>pte_free(mm, table): the dtor and the page free, at once.</summary>
    public static void PteFree(Machine m, [RequiresMm] Mm mm, PteTable table)
    {
        _ = mm;
        using var frame = m.Enter("pte_free");
        m.PgtablePteDtor(table.Page);
        m.FreePage(table.Page);
    }

    /// <summary>pte_free_now(head): the RCU callback; needs no mm.</summary>
    [NoMm]
    public static void PteFreeNow(RcuHead head)
    {
        var m = head.Machine;
        using var frame = m.Enter("pte_free_now");
        var page = Page.FromRcuHead(head);
        m.PgtablePteDtor(page);
        m.FreePage(page);
    }

    /// <summary>pte_free_defer(mm, table): the table stays allocated, unmodified and locked-able until a grace period passed.</summary>
    public static void PteFreeDefer(Machine m, [RequiresMm] Mm mm, [DeferredFree] PteTable table)
    {
        _ = mm;
        using var frame = m.Enter("pte_free_defer");
        m.CallRcu(table.Page.RcuHead, PteFreeNow);
    }

    /// <summary>
    /// The core of khugepaged's retract_page_tables for one pmd (v6.6+): under the pmd lock and the
    /// table's ptl, pmdp_collapse_flush detaches the table; the caller then frees it. No IPI on s390.
    /// </summary>
    public static PteTable Retract(Machine m, [RequiresMm] Mm mm, ulong address)
    {
        using var frame = m.Enter("retract_page_tables");
        var pmdp = m.PmdOffset(mm, address);
        var pml = m.PmdLock(mm, pmdp);
        var pmd = m.Load(pmdp, View.Pmd);
        var ptl = m.PteLockptr(mm, pmd);
        var nested = ptl != pml;
        if (nested)
        {
            m.SpinLock(ptl);
        }

        var pgtPmd = m.PmdpCollapseFlush(pmdp);
        if (nested)
        {
            m.SpinUnlock(ptl);
        }

        m.SpinUnlock(pml);
        m.MmDecNrPtes(mm);
        return m.PmdPgtable(pgtPmd);
    }

    /// <summary>Maps <paramref name="data"/> at <paramref name="address"/> through a new pte table (setup, single strand).</summary>
    public static PteTable MapPage(Machine m, [RequiresMm] Mm mm, ulong address, Page data)
    {
        var table = PteAllocOne(m, mm);
        m.MmIncNrPtes(mm);
        m.PmdPopulate(mm, m.PmdOffset(mm, address), table);
        m.SetPte(table.Entry(PageTableBits.PteIndex(address)).Address, PageTableBits.MkPte(data));
        return table;
    }
}
