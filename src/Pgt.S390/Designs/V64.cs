// SPDX-License-Identifier: GPL-2.0
// Ports arch/s390/mm/pgalloc.c of v6.4 (blob 66ab68db9842, the base of the 2023 patches' diffs): page_table_alloc,
// page_table_free, page_table_free_rcu, __tlb_remove_table.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Pgt.S390.Designs;

/// <summary>
/// v6.4, before the series: two 2K tables per 4K page; pages with a free half wait on
/// <c>mm->context.pgtable_list</c>, linked through <c>page->lru</c>; the A/P byte in <c>_refcount</c> says
/// which half is allocated or pending. Freeing through mmu_gather (munmap, exit) keeps P set until the
/// batch's grace period ends. There is no <c>pte_free_defer</c>: khugepaged freed a detached table with
/// <c>pte_free</c> under <c>mmap_write_lock</c>, after an IPI.
/// </summary>
public class V64 : IPgtableDesign
{
    /// <summary>The machine this design runs on.</summary>
    protected readonly Machine m;

    public V64(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        m = machine;
    }

    public virtual string Name => "v6.4";

    /// <summary>page_table_alloc (v6.4).</summary>
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
                    m.ListDel(page.Lru);
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

    /// <summary>page_table_free (v6.4, with the two-step xor of c2c224932fd0).</summary>
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
                // The other half is allocated: list at the head, so this half is reused first.
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                m.ListDel(page.Lru);
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

    /// <summary>page_table_free_rcu (v6.4).</summary>
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
            // P stays set until __tlb_remove_table: list at the tail, behind halves usable now.
            m.ListAddTail(page.Lru, mm.Context.PgtableList);
        }
        else
        {
            m.ListDel(page.Lru);
        }

        m.SpinUnlockBh(mm.Context.Lock);
        m.TlbRemoveTable(tlb, TablePointer.Tag(table, OfHalf(A, bit)));
    }

    /// <summary>__tlb_remove_table (v6.4): clears P without any lock; the last bit out frees the page.</summary>
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

    /// <summary>v6.4 has no pte_free_defer (it came with v6.6's lockless retract).</summary>
    public virtual void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable) =>
        throw new NotSupportedException(
            "v6.4 has no pte_free_defer(): free a detached table with page_table_free() after the IPI, as khugepaged's collapse_and_free_pmd did until v6.5");
}
