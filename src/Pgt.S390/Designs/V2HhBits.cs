// SPDX-License-Identifier: GPL-2.0
// Ports "[PATCH v2 07/12] s390: add pte_free_defer() for pgtables sharing page" (Hugh Dickins, 2023-06-20) on v6.4's arch/s390/mm/pgalloc.c.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Pgt.S390.Designs;

/// <summary>
/// v2 (June 2023): Hugh's rule, "a page is never on pgtable_list while either half is pending free",
/// keeps <c>page->lru</c> idle whenever <c>page->rcu_head</c> may be in use; H bits ("PPHHAA") serialise
/// the two halves' uses of the one rcu_head: <c>pte_free_defer</c> queues it only if the other half's H is
/// clear, and the callback queues the other half when it is done. Once nothing is pending,
/// <c>__tlb_remove_table</c> puts a page with a free half back on its mm's list, but it has no mm: it
/// takes <c>page->pt_mm</c>, set at allocation. Seeing the other half allocated proves that mm alive only
/// at that instant (Gerald, M7), and the callback takes <c>context.lock</c> from softirq while other users
/// take it with plain <c>spin_lock</c> (the self-deadlock of M9).
/// </summary>
public class V2HhBits : IPgtableDesign
{
    /// <summary>The machine this design runs on.</summary>
    protected readonly Machine m;

    public V2HhBits(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        m = machine;
    }

    public virtual string Name => "v2 HH bits + pt_mm";

    /// <summary>page_table_alloc (v2): records the mm in <c>page->pt_mm</c>.</summary>
    public virtual PteTable PageTableAlloc([RequiresMm] Mm mm)
    {
        using var frame = m.Enter("page_table_alloc");
        if (!m.MmAllocPgste(mm))
        {
            var reused = default(PteTable);
            m.SpinLockBh(mm.Context.Lock);
            if (!m.ListEmpty(mm.Context.PgtableList))
            {
                var page = Page.FromLru(m.ListFirstEntry(mm.Context.PgtableList));
                var mask = MaskOf(m.AtomicRead(page.Refcount));
                // A listed page has exactly one half allocated and nothing pending (v2 WARN_ON_ONCEs
                // otherwise; the emulator reports an A and P clash itself).
                var bit = (int)(mask & 1); // the free half
                reused = HalfOf(page, bit);
                m.AtomicXorBits(page.Refcount, Bits(A, bit));
                m.ListDel(page.Lru);
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
        // The RCU callback and __tlb_remove_table will need the mm: they are given none.
        m.Store(fresh.PtMm, mm.Address);
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
            // Hand out the lower half; list the page so the upper half serves the next allocation.
            m.AtomicXorBits(fresh.Refcount, Bits(A, 0));
            m.Memset64(table.Address, PageInvalid, 2 * PtrsPerPte);
            m.SpinLockBh(mm.Context.Lock);
            m.ListAdd(fresh.Lru, mm.Context.PgtableList);
            m.SpinUnlockBh(mm.Context.Lock);
        }

        return table;
    }

    /// <summary>page_table_free (v2): clears A alone; a page with a pending half is not listed, so not touched.</summary>
    public virtual void PageTableFree([RequiresMm] Mm mm, PteTable table)
    {
        using var frame = m.Enter("page_table_free");
        var page = m.VirtToPage(table.Address);
        uint mask;
        uint half;
        if (!m.MmAllocPgste(mm))
        {
            var bit = table.Half;
            var other = bit ^ 1;
            m.SpinLockBh(mm.Context.Lock);
            // No P step (Gerald feared that undid c2c224932fd0, M7): while the other half is pending the
            // page is unlisted, so there is no list operation for its __tlb_remove_table to race with.
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A, bit)));
            if ((mask & AA) != 0)
            {
                // The other half is allocated: list at the head, so this half is reused first.
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else if ((mask & OfHalf(P | H, other)) == 0)
            {
                // The other half is free, so the page was listed: both halves are free now.
                m.ListDel(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
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

    /// <summary>page_table_free_rcu (v2): the page leaves the list while the half is pending.</summary>
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
        var other = bit ^ 1;
        m.SpinLockBh(mm.Context.Lock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
        if ((mask & OfHalf(A | P | H, other)) == 0)
        {
            // The other half was free, so the page was listed: never listed while a half is pending.
            m.ListDel(page.Lru);
        }

        m.SpinUnlockBh(mm.Context.Lock);
        m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
    }

    /// <summary>
    /// __tlb_remove_table (v2): clears P; when the other half is still allocated, under the lock of the mm
    /// recorded at allocation, relisting the page once nothing is pending.
    /// </summary>
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
                if ((MaskOf(m.AtomicRead(page.Refcount)) & OfHalf(A, (int)(half >> 1) ^ 1)) != 0)
                {
                    // The other half is in use, so the page may have to be relisted: that needs the mm,
                    // and none is given here. Take the one page_table_alloc recorded: the other half being
                    // allocated proved it alive when the byte was read, not when its lock is taken (M7).
                    mask = ClearPendingAndRelist(new Mm(m, m.Load(page.PtMm)), page, half);
                }
                else
                {
                    // Tag 1 or 2 is the half's A bit; its P sits 4 bits higher.
                    mask = MaskOf(m.AtomicXorBits(page.Refcount, half << (4 + Shift)));
                }

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
    /// pte_free_defer (v2): A off, H and P on; the page leaves the list; the rcu_head is queued unless the
    /// other half's use of it is still pending, in which case that callback queues this half.
    /// </summary>
    public virtual void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
    {
        using var frame = m.Enter("pte_free_defer");
        var page = m.VirtToPage(pgtable.Address);
        if (m.MmAllocPgste(mm))
        {
            // v2 left open whether gmap_unlink is needed here (M11).
            m.CallRcu(page.RcuHead, PteFreePgste);
            return;
        }

        var bit = pgtable.Half;
        var other = bit ^ 1;
        m.SpinLockBh(mm.Context.Lock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | H | P, bit)));
        if ((mask & OfHalf(A | P | H, other)) == 0)
        {
            // The other half was free, so the page was listed: lru must be idle before rcu_head is used.
            m.ListDel(page.Lru);
        }

        m.SpinUnlockBh(mm.Context.Lock);
        if ((mask & OfHalf(H, other)) == 0)
        {
            m.CallRcu(page.RcuHead, PteFreeHalfCallback(bit), CallbackName(bit));
        }
    }

    /// <summary>pte_free_now0 (v2): the RCU callback for a deferred lower half.</summary>
    [NoMm]
    protected virtual void PteFreeLower(RcuHead head) => PteFreeHalf(head, 0);

    /// <summary>pte_free_now1 (v2): the RCU callback for a deferred upper half.</summary>
    [NoMm]
    protected virtual void PteFreeUpper(RcuHead head) => PteFreeHalf(head, 1);

    /// <summary>
    /// pte_free_half (v2): clears this half's H, hands the rcu_head on to the other half if it was
    /// deferred meanwhile, and finishes the free as the mmu_gather path does.
    /// </summary>
    [NoMm]
    protected virtual void PteFreeHalf(RcuHead head, int bit)
    {
        using var frame = m.Enter("pte_free_half");
        var page = Page.FromRcuHead(head);
        var other = bit ^ 1;
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(H, bit)));
        if ((mask & OfHalf(H, other)) != 0)
        {
            m.CallRcu(page.RcuHead, PteFreeHalfCallback(other), CallbackName(other));
        }

        TlbRemoveTable(TablePointer.Tag(HalfOf(page, bit), OfHalf(A, bit)));
    }

    /// <summary>The callback that frees half <paramref name="bit"/> (the rcu_head says nothing of the half).</summary>
    private RcuCallback PteFreeHalfCallback(int bit) => bit == 0 ? PteFreeLower : PteFreeUpper;

    private static string CallbackName(int bit) => bit == 0 ? nameof(PteFreeLower) : nameof(PteFreeUpper);

    /// <summary>pte_free_pgste (v2): the RCU callback for a deferred 4K pgste table.</summary>
    [NoMm]
    protected virtual void PteFreePgste(RcuHead head)
    {
        using var frame = m.Enter("pte_free_pgste");
        TlbRemoveTable(TablePointer.Tag(HalfOf(Page.FromRcuHead(head), 0), TablePointer.Pgste));
    }

    /// <summary>
    /// Clears the P bit of <paramref name="half"/> under <paramref name="mm"/>'s lock and, if the other half
    /// is still allocated and nothing is pending, puts the page back on the list (Hugh's rule: its free
    /// half is reusable now). Under the lock, so a concurrent free of the other half sees a consistent byte.
    /// </summary>
    private uint ClearPendingAndRelist([RequiresMm] Mm mm, Page page, uint half)
    {
        m.SpinLockBh(mm.Context.Lock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, half << (4 + Shift)));
        if ((mask & AA) != 0 && (mask & ~AA) == 0)
        {
            m.ListAdd(page.Lru, mm.Context.PgtableList);
        }

        m.SpinUnlockBh(mm.Context.Lock);
        return mask;
    }
}
