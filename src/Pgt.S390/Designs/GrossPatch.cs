// SPDX-License-Identifier: GPL-2.0
// Ports Hugh Dickins' "gross patch" (5 June 2023, Message-ID 175ebec8-761-c3f-2d98-6c3bd87161c8@google.com, M2 in
// samples/REFERENCES.md, in reply to patch 07/12 v1): arch/s390/mm/pgalloc.c with the free list threaded through the tables.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Pgt.S390.Designs;

/// <summary>
/// The "gross patch" (June 2023) on top of v1: to free <c>page->lru</c> for the rcu_head it overlays, the
/// free-half list moves into the tables themselves, as THP deposit does: words 0-1 of a free 2K half are
/// its <c>list_head</c>. Jason's objection: <c>page_table_free_rcu</c> now stores list pointers into a table
/// that lockless walkers may still be reading, before its grace period ("It is not RCU anymore if it
/// writes to the page table itself before the grace period"); only 0x400 is <c>pte_none</c>. v1's
/// <c>pte_free_defer</c> is unchanged, shared rcu_head included.
/// </summary>
public class GrossPatch : IPgtableDesign
{
    /// <summary>The machine this design runs on.</summary>
    protected readonly Machine m;

    public GrossPatch(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        m = machine;
    }

    public virtual string Name => "gross patch";

    /// <summary>page_table_alloc (gross patch): the listed node is the free half itself.</summary>
    public virtual PteTable PageTableAlloc([RequiresMm] Mm mm)
    {
        using var frame = m.Enter("page_table_alloc");
        if (!m.MmAllocPgste(mm))
        {
            var reused = default(PteTable);
            m.SpinLockBh(mm.Context.Lock);
            if (!m.ListEmpty(mm.Context.PgtableList))
            {
                // The list links free halves, not pages: the first node is words 0-1 of a table.
                var listed = m.ListFirstEntry(mm.Context.PgtableList);
                var page = m.VirtToPage(listed.Address);
                var mask = MaskOf(m.AtomicRead(page.Refcount));
                // A pending half is not free: without folding P in, A and P could both be set for one
                // half, the "impossible" 0x13 or 0x23.
                mask = (mask | (mask >> 4)) & AA;
                if (mask != AA)
                {
                    var bit = (int)(mask & 1); // the lower half if it is free, else the upper
                    reused = HalfOf(page, bit);
                    // The patch BUG_ONs reused != listed; DEBUG_LIST reports that list_del as well.
                    m.AtomicXorBits(page.Refcount, Bits(A, bit));
                    m.ListDel(reused.AsListHead());
                    // Words 0-1 held list pointers: make them pte_none again.
                    m.Memset64(reused.Address, PageInvalid, 2);
                }
            }

            m.SpinUnlockBh(mm.Context.Lock);
            if (!reused.IsNull)
            {
                // The rest is not re-initialised: a half is all pte_none again before it is freed.
                return reused;
            }
        }

        var fresh = m.AllocPage();
        m.PgtablePteCtor(fresh);
        var table = HalfOf(fresh, 0);
        if (m.MmAllocPgste(mm))
        {
            // A 4K table: 2K of ptes and 2K of PGSTEs. Never on the list.
            m.AtomicXorBits(fresh.Refcount, Bits(AA, 0));
            m.Memset64(table.Address, PageInvalid, PtrsPerPte);
            m.Memset64(table.Address + PteTableSize, 0, PtrsPerPte);
        }
        else
        {
            // Hand out the lower half; list the upper half itself for the next allocation.
            m.AtomicXorBits(fresh.Refcount, Bits(A, 0));
            m.Memset64(table.Address, PageInvalid, 2 * PtrsPerPte);
            m.SpinLockBh(mm.Context.Lock);
            m.ListAdd(HalfOf(fresh, 1).AsListHead(), mm.Context.PgtableList);
            m.SpinUnlockBh(mm.Context.Lock);
        }

        return table;
    }

    /// <summary>page_table_free (gross patch).</summary>
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
            if ((mask & AA) != 0)
            {
                // The other half is allocated: list this half at the head, so it is reused first.
                m.ListAdd(table.AsListHead(), mm.Context.PgtableList);
            }
            else
            {
                // The other half is free or pending, so listed: the page leaves the list (Gerald: table ^ 0x800).
                UnlistOtherHalf(table);
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

        ReleaseCheck.PageTableReleaseCheck(m, page, table.Address, half, mask, checkListed: false);
        m.PgtablePteDtor(page);
        m.FreePage(page);
    }

    /// <summary>page_table_free_rcu (gross patch).</summary>
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
        if ((mask & AA) != 0)
        {
            // P stays set until __tlb_remove_table: list at the tail, behind halves usable now. The list
            // pointers go into the table being freed, which walkers may still read until the grace period.
            m.ListAddTail(table.AsListHead(), mm.Context.PgtableList);
        }
        else
        {
            UnlistOtherHalf(table);
        }

        m.SpinUnlockBh(mm.Context.Lock);
        m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
    }

    /// <summary>
    /// Takes the other half of <paramref name="table"/>'s page off the list and makes its words 0-1
    /// pte_none again, when the page is about to have no free half listed.
    /// </summary>
    private void UnlistOtherHalf(PteTable table)
    {
        var other = new PteTable(m, table.Address ^ PteTableSize);
        m.ListDel(other.AsListHead());
        m.Memset64(other.Address, PageInvalid, 2);
    }

    /// <summary>__tlb_remove_table (v6.4, unchanged).</summary>
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

        ReleaseCheck.PageTableReleaseCheck(m, page, address, half, mask, checkListed: false);
        m.PgtablePteDtor(page);
        m.FreePage(page);
    }

    /// <summary>
    /// pte_free_defer (v1, unchanged): pin the mm, note it and the half in <c>page->pt_mm</c>, and queue the page's
    /// rcu_head. Nothing stops the page being on <c>pgtable_list</c> (its other half free), nor the other
    /// half being deferred too, before the callback has run.
    /// </summary>
    public virtual void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
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
    /// pte_free_now (v1, unchanged): the RCU callback. It decodes the mm and the half from <c>pt_mm</c>, frees the half
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
