// SPDX-License-Identifier: GPL-2.0
// Ports arch/s390/mm/pgalloc.c at d08d4e7cd6bf ("s390/mm: use full 4KB page for 2KB PTE", v6.8).

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Designs;

/// <summary>
/// v6.8: one 2K pte table per 4K page (the upper 2K unused, or PGSTEs). No fragment list, no A/P byte,
/// no PageActive, no release check: <c>pte_free_defer</c> is the generic
/// <c>call_rcu(&amp;page->rcu_head, pte_free_now)</c>, and <c>page->lru</c> is never linked, so the
/// rcu_head it overlays is free. The price is 2K per table.
/// </summary>
public class V68FullPage : IPgtableDesign
{
    /// <summary>The machine this design runs on.</summary>
    protected readonly Machine m;

    public V68FullPage(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        m = machine;
    }

    public virtual string Name => "v6.8 full page";

    /// <summary>page_table_alloc (v6.8): always a fresh page.</summary>
    public virtual PteTable PageTableAlloc([RequiresMm] Mm mm)
    {
        _ = mm;
        using var frame = m.Enter("page_table_alloc");
        var page = m.AllocPage();
        m.PgtablePteCtor(page);
        var table = new PteTable(m, page.PhysAddr);
        // pt_list is used by gmap only.
        m.InitListHead(page.Lru);
        m.Memset64(table.Address, PageInvalid, PtrsPerPte);
        m.Memset64(table.Address + PteTableSize, 0, PtrsPerPte);
        return table;
    }

    /// <summary>page_table_free (v6.8): the dtor and the free, at once.</summary>
    public virtual void PageTableFree([RequiresMm] Mm mm, PteTable table)
    {
        _ = mm;
        using var frame = m.Enter("page_table_free");
        var page = m.VirtToPage(table.Address);
        m.PgtablePteDtor(page);
        m.FreePage(page);
    }

    /// <summary>page_table_free_rcu (v6.8).</summary>
    public virtual void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
    {
        ArgumentNullException.ThrowIfNull(tlb);
        using var frame = m.Enter("page_table_free_rcu");
        if (m.MmAllocPgste(tlb.Mm))
        {
            // gmap_unlink(mm, table, vmaddr) would go here: no gmap (KVM guest mapping) is emulated.
            _ = vmaddr;
        }

        // Tag 1 now just says "a pte table", as against a CRST table.
        m.TlbRemoveTable(tlb, TablePointer.Tag(table, TablePointer.LowerHalf));
    }

    /// <summary>__tlb_remove_table (v6.8).</summary>
    [NoMm]
    public virtual void TlbRemoveTable(ulong table)
    {
        using var frame = m.Enter("__tlb_remove_table");
        var (address, tag) = TablePointer.Untag(table);
        var page = m.VirtToPage(address);
        if (tag != TablePointer.Crst)
        {
            m.PgtablePteDtor(page);
        }

        m.FreePage(page);
    }

    /// <summary>pte_free_now (v6.8): the RCU callback.</summary>
    [NoMm]
    protected virtual void PteFreeNow(RcuHead head)
    {
        using var frame = m.Enter("pte_free_now");
        var page = Page.FromRcuHead(head);
        m.PgtablePteDtor(page);
        m.FreePage(page);
    }

    /// <summary>
    /// pte_free_defer (v6.8): the generic one, on the table's own page. "Turn to the generic
    /// pte_free_defer() version once gmap is removed."
    /// </summary>
    public virtual void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
    {
        using var frame = m.Enter("pte_free_defer");
        var page = m.VirtToPage(pgtable.Address);
        m.CallRcu(page.RcuHead, PteFreeNow);
        // THPs are not allowed for KVM guests: warn if pgste ever reaches here (until 5647f61ad917).
        m.WarnOnOnce(m.MmHasPgste(mm));
    }
}
