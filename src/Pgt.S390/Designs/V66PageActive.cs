// SPDX-License-Identifier: GPL-2.0
// Ports arch/s390/mm/pgalloc.c of v6.6 (commit 8211dad62798, "s390: add pte_free_defer() for pgtables sharing page").

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Pgt.S390.Designs;

/// <summary>
/// The merged design (v3 of the series, v6.6): "a page is never on the free list if pte_free_defer() was
/// used on either half (marked by PageActive). And for simplicity, delay calling RCU until both halves
/// are freed." No half of an Active page can be reused, <c>page->rcu_head</c> is used once per page and
/// only when the page is off every list, and the callback needs no mm.
/// </summary>
public class V66PageActive : IPgtableDesign
{
    /// <summary>The machine this design runs on.</summary>
    protected readonly Machine m;

    public V66PageActive(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        m = machine;
    }

    public virtual string Name => "v6.6 PageActive";

    /// <summary>page_table_alloc (v6.6).</summary>
    public virtual PteTable PageTableAlloc([RequiresMm] Mm mm)
    {
        using var frame = m.Enter("page_table_alloc");
        if (!m.MmAllocPgste(mm))
        {
            var reused = default(PteTable);
            m.SpinLockBh(mm.Context.Lock);
            if (!m.ListEmpty(mm.Context.PgtableList))
            {
                // Only the first page is looked at: a free half goes to the head, a pending one to the tail.
                var page = Page.FromLru(m.ListFirstEntry(mm.Context.PgtableList));
                var mask = MaskOf(m.AtomicRead(page.Refcount));
                // A pending half is not free: without folding P in, A and P could both be set for one
                // half, the "impossible" 0x13 or 0x23.
                mask = (mask | (mask >> 4)) & AA;
                if (mask != AA)
                {
                    var bit = (int)(mask & 1); // the lower half if it is free, else the upper
                    reused = HalfOf(page, bit);
                    m.AtomicXorBits(page.Refcount, Bits(A, bit));
                    m.ListDelInit(page.Lru);
                }
            }

            m.SpinUnlockBh(mm.Context.Lock);
            if (!reused.IsNull)
            {
                // Not re-initialised: a half is all pte_none again before it is freed.
                return reused;
            }
        }

        var fresh = m.AllocPage();
        m.PgtablePteCtor(fresh);
        var table = HalfOf(fresh, 0);
        if (m.MmAllocPgste(mm))
        {
            // A 4K table: 2K of ptes and 2K of PGSTEs. Never listed, but page_table_free may list_del_init it.
            m.InitListHead(fresh.Lru);
            m.AtomicXorBits(fresh.Refcount, Bits(AA, 0));
            m.Memset64(table.Address, PageInvalid, PtrsPerPte);
            m.Memset64(table.Address + PteTableSize, 0, PtrsPerPte);
        }
        else
        {
            // Hand out the lower half; list the page so the upper half serves the next allocation.
            m.AtomicXorBits(fresh.Refcount, Bits(A, 0));
            m.Memset64(table.Address, PageInvalid, 2 * PtrsPerPte);
            m.SpinLockBh(mm.Context.Lock);
            m.ListAdd(fresh.Lru, mm.Context.PgtableList);
            m.SpinUnlockBh(mm.Context.Lock);
        }

        return table;
    }

    /// <summary>page_table_free (v6.6): an Active page is never relisted; its last free goes through RCU.</summary>
    public virtual void PageTableFree([RequiresMm] Mm mm, PteTable table)
    {
        using var frame = m.Enter("page_table_free");
        var page = m.VirtToPage(table.Address);
        uint mask;
        uint half;
        if (!m.MmAllocPgste(mm))
        {
            var bit = table.Half;
            m.SpinLockBh(mm.Context.Lock);
            // A off and P on in one step: P keeps the byte non-zero across the list operation, so a
            // __tlb_remove_table of the other half cannot free the page under our list_del (c2c224932fd0).
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & AA) != 0 && !m.PageActive(page))
            {
                // The other half is allocated and neither half's free was deferred: list at the head,
                // so this half is reused first. An Active page is never listed: a half of it may still
                // be walked until its grace period ends, and only the list hands halves out.
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                // Listed or not (an Active page is not): list_del_init is safe either way.
                m.ListDelInit(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(P, bit)));
            if (mask != 0)
            {
                return;
            }

            half = OfHalf(A, bit);
        }
        else
        {
            half = AA;
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(AA, 0)));
        }

        ReleaseCheck.PageTableReleaseCheck(m, page, table.Address, half, mask, checkListed: true);
        // The byte is 0: a listed page always has a half allocated, so lru links nothing and its words
        // are free for the rcu_head they overlay (the release check just verified it).
        ListAssertions.AssumeOffList(page.Lru);
        if (m.TestClearPageActive(page))
        {
            // One call_rcu per page, after the last free: its grace period covers every earlier detach.
            m.CallRcu(page.RcuHead, PteFreeNow);
        }
        else
        {
            PteFreeNow(page.RcuHead);
        }
    }

    /// <summary>pte_free_now (v6.6): the RCU callback; the dtor and the free, no mm needed.</summary>
    [NoMm]
    protected virtual void PteFreeNow(RcuHead head)
    {
        using var frame = m.Enter("pte_free_now");
        var page = Page.FromRcuHead(head);
        m.PgtablePteDtor(page);
        m.FreePage(page);
    }

    /// <summary>page_table_free_rcu (v6.6).</summary>
    public virtual void PageTableFreeRcu(MmuGather tlb, [DeferredFree] PteTable table, ulong vmaddr)
    {
        ArgumentNullException.ThrowIfNull(tlb);
        using var frame = m.Enter("page_table_free_rcu");
        var mm = tlb.Mm;
        var page = m.VirtToPage(table.Address);
        if (m.MmAllocPgste(mm))
        {
            // gmap_unlink(mm, table, vmaddr) would go here: no gmap (KVM guest mapping) is emulated.
            _ = vmaddr;
            m.TlbRemoveTable(tlb, TablePointer.Tag(table, TablePointer.Pgste));
            return;
        }

        var bit = table.Half;
        m.SpinLockBh(mm.Context.Lock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
        if ((mask & AA) != 0 && !m.PageActive(page))
        {
            // P stays set until __tlb_remove_table: list at the tail, behind halves usable now.
            m.ListAddTail(page.Lru, mm.Context.PgtableList);
        }
        else
        {
            m.ListDelInit(page.Lru);
        }

        m.SpinUnlockBh(mm.Context.Lock);
        m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
    }

    /// <summary>__tlb_remove_table (v6.6): the last bit out frees the page, through RCU if it is Active.</summary>
    [NoMm]
    public virtual void TlbRemoveTable(ulong table)
    {
        using var frame = m.Enter("__tlb_remove_table");
        var (address, half) = TablePointer.Untag(table);
        var page = m.VirtToPage(address);
        uint mask;
        switch (half)
        {
            case TablePointer.Crst:
                // A pmd, pud or p4d table (order CRST_ALLOC_ORDER in the kernel, one page here).
                m.FreePage(page);
                return;
            case TablePointer.LowerHalf:
            case TablePointer.UpperHalf:
                // Tag 1 or 2 is the half's A bit; its P sits 4 bits higher.
                mask = MaskOf(m.AtomicXorBits(page.Refcount, half << (4 + Shift)));
                if (mask != 0)
                {
                    return;
                }

                break;
            default:
                mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(AA, 0)));
                break;
        }

        ReleaseCheck.PageTableReleaseCheck(m, page, address, half, mask, checkListed: true);
        // An Active page had a half freed by pte_free_defer, whose walkers neither this batch's grace
        // period nor the IPI fallback need cover: one call_rcu, begun after the last free, covers them all.
        if (m.TestClearPageActive(page))
        {
            m.CallRcu(page.RcuHead, PteFreeNow);
        }
        else
        {
            PteFreeNow(page.RcuHead);
        }
    }

    /// <summary>
    /// pte_free_defer (v6.6): mark the page Active, then free the half as usual; page_table_free neither
    /// relists an Active page nor frees it without a grace period.
    /// </summary>
    public virtual void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
    {
        using var frame = m.Enter("pte_free_defer");
        var page = m.VirtToPage(pgtable.Address);
        m.SetPageActive(page);
        PageTableFree(mm, pgtable);
        // page_table_free() does not do the gmap_unlink() that page_table_free_rcu() does for pgste: warn if
        // pgste ever reaches here. (Kept until 5647f61ad917, July 2025: a false positive after
        // s390_enable_sie().)
        m.WarnOnOnce(m.MmHasPgste(mm));
    }
}
