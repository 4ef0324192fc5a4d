// SPDX-License-Identifier: GPL-2.0
// Ports "[PATCH v2 07/12] s390: add pte_free_defer() for pgtables sharing page" (Hugh Dickins, 20 June 2023,
// Message-ID a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com, M10 in samples/REFERENCES.md) on v6.4's
// arch/s390/mm/pgalloc.c.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Pgt.S390.Designs;

/// <summary>
/// v2 as posted on 20 June 2023. It keeps the draft's rule (<see cref="V2DraftPtMm"/>): a page is never on
/// <c>pgtable_list</c> while either half is pending free, and <c>__tlb_remove_table</c> relinks it afterwards
/// through <c>page->pt_mm</c>, set at allocation; H bits ("PPHHAA") serialise the two halves' uses of the
/// one rcu_head. But "although AA bit set guarantees that pt_mm must still be valid, it does not guarantee
/// that mm is still valid an instant later: so acquiring mm->context.lock would not be safe. For now, use a
/// static global mm_pgtable_list_lock instead", taken with <c>_bh</c> in every function, so
/// <c>__tlb_remove_table</c> rechecks the other half's A bit under the same lock that every free of that
/// half takes, and <c>mm->context.lock</c> is no longer taken from softirq. The draft's two bugs are gone;
/// what is left is the draft's <c>pte_free_half</c>, which never queues the second half (see there), and
/// the global lock itself, a stopgap "to be restored to per-mm spinlock in a later followup patch".
/// </summary>
public class V2GlobalListLock : IPgtableDesign
{
    /// <summary>The machine this design runs on.</summary>
    protected readonly Machine m;

    /// <summary>
    /// <c>static DEFINE_SPINLOCK(mm_pgtable_list_lock)</c>: "Temporarily use a global spinlock instead of
    /// mm->context.lock." Its word lives in a page of its own, taken when the design is bound to the machine.
    /// </summary>
    private readonly Spinlock _mmPgtableListLock;

    public V2GlobalListLock(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        m = machine;
        _mmPgtableListLock = new Spinlock(m, m.AllocPage().PhysAddr);
        m.SpinLockInit(_mmPgtableListLock, "mm_pgtable_list_lock");
    }

    public virtual string Name => "v2: HH bits + global mm_pgtable_list_lock";

    /// <summary>page_table_alloc (v2): a listed page has exactly one free half; records the mm in <c>page->pt_mm</c>.</summary>
    public virtual PteTable PageTableAlloc([RequiresMm] Mm mm)
    {
        using var frame = m.Enter("page_table_alloc");
        if (!m.MmAllocPgste(mm))
        {
            var reused = default(PteTable);
            m.SpinLockBh(_mmPgtableListLock);
            if (!m.ListEmpty(mm.Context.PgtableList))
            {
                var page = Page.FromLru(m.ListFirstEntry(mm.Context.PgtableList));
                var mask = MaskOf(m.AtomicRead(page.Refcount));
                // Cannot be on this list if either half pending free.
                m.WarnOnOnce((mask & ~AA) != 0);
                // One or other half must be available, but not both.
                m.WarnOnOnce(mask == 0 || mask == AA);
                var bit = (int)(mask & A); // =1 -> second 2K available
                reused = HalfOf(page, bit);
                m.AtomicXorBits(page.Refcount, Bits(A, bit));
                m.ListDel(page.Lru);
            }

            m.SpinUnlockBh(_mmPgtableListLock);
            if (!reused.IsNull)
            {
                // Not re-initialised: a half is all pte_none again before it is freed.
                return reused;
            }
        }

        var fresh = m.AllocPage();
        m.PgtablePteCtor(fresh);
        // __tlb_remove_table will need the mm to relist the page: it is given none.
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
            m.SpinLockBh(_mmPgtableListLock);
            m.ListAdd(fresh.Lru, mm.Context.PgtableList);
            m.SpinUnlockBh(_mmPgtableListLock);
        }

        return table;
    }

    /// <summary>page_table_free (v2): clears A alone; a page whose other half is pending is not listed, so not touched.</summary>
    public virtual void PageTableFree([RequiresMm] Mm mm, PteTable table)
    {
        using var frame = m.Enter("page_table_free");
        var page = m.VirtToPage(table.Address);
        uint mask;
        uint half;
        if (!m.MmAllocPgste(mm))
        {
            var bit = table.Half;
            m.SpinLockBh(_mmPgtableListLock);
            // No two-step P any more (Gerald: "it would somehow revert the subtle race fix from commit
            // c2c224932fd0"): while the other half is pending the page is unlisted, so there is no list
            // operation for its __tlb_remove_table to race with.
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A, bit)));
            if ((mask & AA) != 0)
            {
                // The other half is allocated: list at the head, so this half is reused first.
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else if ((mask & (P | P << 1)) == 0)
            {
                // The other half is free and not pending, so the page was listed.
                m.ListDel(page.Lru);
            }

            m.SpinUnlockBh(_mmPgtableListLock);
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
        m.SpinLockBh(_mmPgtableListLock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
        // Other half not allocated? Other half not already pending free?
        if ((mask & AA) == 0 && (mask & (P | P << 1)) != (P | P << 1))
        {
            m.ListDel(page.Lru);
        }

        m.SpinUnlockBh(_mmPgtableListLock);
        m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
    }

    /// <summary>
    /// __tlb_remove_table (v2): clears P; when the other half is seen allocated, does so under the global
    /// lock and relists the page on the list of the mm recorded at allocation, if the other half is still
    /// allocated under that lock: "It is safe to use page->pt_mm when the other half is seen allocated while
    /// holding pgtable_list lock".
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
                if ((MaskOf(m.AtomicRead(page.Refcount)) & AA) != 0)
                {
                    // The global lock, unlike mm->context.lock, exists whatever became of the mm; under it
                    // the other half's A bit is read again, and any free of that half waits for it.
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
    /// pte_free_defer (v2): A off, H and P on; the page leaves the list if it was on it; the rcu_head is
    /// queued unless the other half's use of it is still pending.
    /// </summary>
    public virtual void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
    {
        using var frame = m.Enter("pte_free_defer");
        var page = m.VirtToPage(pgtable.Address);
        if (m.MmAllocPgste(mm))
        {
            // Whether gmap_unlink is needed here stayed open (M11).
            // A 4K pgste table is never listed (page_table_alloc): its lru is idle, as the rcu_head needs.
            ListAssertions.AssumeOffList(page.Lru);
            m.CallRcu(page.RcuHead, PteFreePgste);
            return;
        }

        var bit = pgtable.Half;
        m.SpinLockBh(_mmPgtableListLock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | H | P, bit)));
        // Other half not allocated? Other half not already pending free?
        if ((mask & AA) == 0 && (mask & (P | P << 1)) != (P | P << 1))
        {
            m.ListDel(page.Lru);
        }

        m.SpinUnlockBh(_mmPgtableListLock);
        // Do not relink on rcu_head if other half already linked on rcu_head.
        if ((mask & (H | H << 1)) != (H | H << 1))
        {
            // Off the list now: unlisted just above, or never listed (other half allocated or pending).
            ListAssertions.AssumeOffList(page.Lru);
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
    /// pte_free_half (v2, unchanged from the draft): clears this half's H, finishes the free as the
    /// mmu_gather path does, then queues the other half if its pte_free_defer came in meanwhile. As posted,
    /// the value tested is <c>atomic_xor_bits()</c>'s whole <c>_refcount</c>, not shifted down by 24 as
    /// everywhere else, so <c>mask &amp; 0x0C</c> tests the page's real refcount bits and the other half is
    /// never queued: its H and P stay set and the page leaks. The replies we read do not remark on it; v3
    /// dropped the H bits. The emulator has no leak check yet (phase 2 of issue 11).
    /// </summary>
    [NoMm]
    protected virtual void PteFreeHalf(RcuHead head, int bit)
    {
        using var frame = m.Enter("pte_free_half");
        var page = Page.FromRcuHead(head);
        var mask = m.AtomicXorBits(page.Refcount, Bits(H, bit));
        TlbRemoveTable(TablePointer.Tag(HalfOf(page, bit), OfHalf(A, bit)));
        if ((mask & (H | H << 1)) != 0)
        {
            // This half was still pending, so the page stayed off the list: the rcu_head is free to reuse.
            ListAssertions.AssumeOffList(page.Lru);
            m.CallRcu(page.RcuHead, PteFreeHalfCallback(bit ^ 1), CallbackName(bit ^ 1));
        }
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
    /// Under the global lock: clears the P bit of <paramref name="half"/> and, if the other half is still
    /// allocated, puts the page back on <paramref name="mm"/>'s list (its free half is reusable now).
    /// </summary>
    private uint ClearPendingAndRelist([RequiresMm] Mm mm, Page page, uint half)
    {
        m.SpinLockBh(_mmPgtableListLock);
        var mask = MaskOf(m.AtomicXorBits(page.Refcount, half << (4 + Shift)));
        if ((mask & AA) != 0)
        {
            m.ListAdd(page.Lru, mm.Context.PgtableList);
        }

        m.SpinUnlockBh(_mmPgtableListLock);
        return mask;
    }
}
