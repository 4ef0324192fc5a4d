// SPDX-License-Identifier: GPL-2.0
// Ports "[PATCH 07/12] s390: add pte_free_defer(), with use of mmdrop_async()" (Hugh Dickins, 28 May 2023, Message-ID
// 6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com, M1 in samples/REFERENCES.md) on v6.4's arch/s390/mm/pgalloc.c.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Pgt.S390.Designs;

/// <summary>
/// v1 of <c>pte_free_defer</c> (patch 07/12, May 2023) on top of v6.4: grab the mm, record it and the half
/// in <c>page->pt_mm</c>, and <c>call_rcu(&amp;page->rcu_head, pte_free_now)</c>; the callback frees the
/// half with <c>page_table_free</c> and drops the mm with <c>mmdrop_async</c>. It failed review twice over:
/// <c>page->rcu_head</c> overlays <c>page->lru</c>, which may be on <c>pgtable_list</c> while the other half
/// is free (Gerald), and both halves may be deferred at once on one rcu_head (Matthew Wilcox). Everything
/// else is v6.4 unchanged, so this design is v6.4 plus these two functions.
/// </summary>
public class V1MmgrabCallRcu : V64
{
    public V1MmgrabCallRcu(Machine machine)
        : base(machine)
    {
    }

    public override string Name => "v1 mmgrab + call_rcu";

    /// <summary>
    /// pte_free_defer (v1): pin the mm, note it and the half in <c>page->pt_mm</c>, and queue the page's
    /// rcu_head. Nothing stops the page being on <c>pgtable_list</c> (its other half free), nor the other
    /// half being deferred too, before the callback has run.
    /// </summary>
    public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
    {
        using var frame = m.Enter("pte_free_defer");
        m.Mmgrab(mm);
        var page = m.VirtToPage(pgtable.Address);
        // A 4K page has only two 2K fragments, but the mm's alignment leaves room for eight.
        var mmBit = mm.Address + (ulong)pgtable.Half;
        m.Store(page.PtMm, mmBit);
        m.CallRcu(page.RcuHead, PteFreeNow);
    }

    /// <summary>
    /// pte_free_now (v1): the RCU callback. It decodes the mm and the half from <c>pt_mm</c>, frees the half
    /// as <c>pte_free</c> would, and drops the mm with <c>mmdrop_async</c>: a final <c>mmdrop</c> cannot run here.
    /// </summary>
    [NoMm]
    protected virtual void PteFreeNow(RcuHead head)
    {
        using var frame = m.Enter("pte_free_now");
        var page = Page.FromRcuHead(head);
        var mmBit = m.Load(page.PtMm);
        var mm = new Mm(m, mmBit & ~7UL);
        var table = HalfOf(page, (int)(mmBit & 7));
        PageTableFree(mm, table);
        m.MmdropAsync(mm);
    }
}
