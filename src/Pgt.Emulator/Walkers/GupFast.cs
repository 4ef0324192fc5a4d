using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;

namespace Pgt.Emulator.Walkers;

/// <summary>
/// gup_fast (mm/gup.c, lockless_pages_from_mm in v6.4): with irqs off, which is an RCU reader and
/// holds off the IPI of tlb_remove_table_sync_one, walk from a snapshot of the pmd, READ_ONCE each pte,
/// grab the page, then recheck that neither the pmd nor the pte changed; on a change put the page back
/// and stop. The walk reads the table through the pointer in its pmd snapshot, so a table freed or
/// reused after the snapshot is read after its end of life: the checkers see that.
/// </summary>
public static class GupFast
{
    /// <summary>gup_fast(start, nr_pages): returns the pages pinned.</summary>
    public static GupFastResult GupFastPages(this Machine m, Mm mm, ulong start, int nrPages,
        GupFastOptions? options = null)
    {
        options ??= GupFastOptions.Default;
        using var frame = m.Enter("gup_fast");
        var pinned = new List<ulong>();
        var flags = m.LocalIrqSave();
        var end = start + ((ulong)nrPages << PhysicalLayout.PageShift);
        for (var addr = start; addr < end;)
        {
            var next = Math.Min(end, (addr & ~((1UL << PageTableBits.PmdShift) - 1)) + (1UL << PageTableBits.PmdShift));
            if (!GupPmdRange(m, mm, addr, next, options, pinned))
            {
                break;
            }

            addr = next;
        }

        m.LocalIrqRestore(flags);
        m.Hub.OnGupFastReturn(pinned);
        if (options.Unpin)
        {
            foreach (var pfn in pinned)
            {
                m.PutPage(new Page(m, pfn));
            }
        }

        return new GupFastResult(pinned);
    }

    private static bool GupPmdRange(Machine m, Mm mm, ulong addr, ulong end, GupFastOptions options, List<ulong> pinned)
    {
        using var frame = m.Enter("gup_pmd_range");
        var pmdp = m.PmdOffset(mm, addr);
        var pmd = m.PmdpGetLockless(pmdp);
        if (PageTableBits.PmdNone(pmd) || PageTableBits.PmdLarge(pmd) || PageTableBits.PmdBad(pmd))
        {
            return false;
        }

        return GupPteRange(m, pmd, pmdp, addr, end, options, pinned);
    }

    private static bool GupPteRange(Machine m, ulong pmd, ulong pmdp, ulong addr, ulong end, GupFastOptions options,
        List<ulong> pinned)
    {
        using var frame = m.Enter("gup_pte_range");
        if (options.NestRcuReadLock)
        {
            m.RcuReadLock();
        }

        var ok = true;
        for (; addr < end; addr += PhysicalLayout.PageSize)
        {
            // pte_offset_map(&pmd, addr): from the snapshot, not from *pmdp.
            var ptep = PageTablePrimitives.PteOffset(pmd, addr);
            var pte = m.PtepGet(ptep);
            if (!PageTableBits.PtePresent(pte))
            {
                ok = false;
                break;
            }

            var page = new Page(m, PageTableBits.PtePfn(pte));
            if (!TryGrabFolio(m, page, PageTableBits.PmdTableAddress(pmd), pmdp))
            {
                ok = false;
                break;
            }

            if ((options.RecheckPmd && pmd != m.PmdpGetLockless(pmdp)) || pte != m.PtepGet(ptep))
            {
                m.PutPage(page);
                ok = false;
                break;
            }

            pinned.Add(page.Pfn);
        }

        if (options.NestRcuReadLock)
        {
            m.RcuReadUnlock();
        }

        return ok;
    }

    /// <summary>
    /// try_grab_folio (mm/gup.c) for one small page: folio_ref_try_add_rcu, i.e. one atomic
    /// page_ref_add_unless(page, 1, 0). Reading the count and then taking a reference as two steps would
    /// let the last put free the page in between, which the kernel's single atomic excludes.
    /// </summary>
    private static bool TryGrabFolio(Machine m, Page page, ulong table, ulong pmdp) =>
        m.Memory.IsRam(page.PhysAddr) && m.TryGrabFolioFromTable(page, table, pmdp);
}
