// SPDX-License-Identifier: GPL-2.0
// Catalogue #12 (samples/README.md, the catalogue): relisting an Active page. THIS FILE: the fix.
//
// The merged rule (8211dad62798, from M12 <7bef5695-fa4a-7215-7e9d-d4a83161c7ab@google.com>): "a page is
// never on the free list if pte_free_defer() was used on either half (marked by PageActive)". Since
// page_table_alloc finds free halves only through pgtable_list, that is what keeps a deferred half from
// being handed out inside its grace period. pte_free_defer marks the page Active, then frees the half
// through page_table_free; here page_table_free lists the page without the !PageActive test whenever
// the other half is still allocated, and once P clears the next allocation takes the deferred half while
// gup_fast may still be walking it.
// Diff against Buggy.cs: the PageActive test in page_table_free.
//
// Strands (merged v6.6, 8211dad62798, otherwise): tables 0 and 1 share one page; gup_fast walks region 0,
// khugepaged retracts its table with pte_free_defer, a fault allocates a table for region 2.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.ActivePageRelisted;

public static class Fixed
{
    [Scenario("#12 fixed: page_table_free never lists an Active page")]
    public static void C12_FreeNeverListsActivePage(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    }

    /// <summary>v6.6 with its page_table_free written out for the diff.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PageTableFree([RequiresMm] Mm mm, PteTable table)
        {
            if (m.MmAllocPgste(mm))
            {
                base.PageTableFree(mm, table);
                return;
            }

            using var frame = m.Enter("page_table_free");
            var page = m.VirtToPage(table.Address);
            var bit = table.Half;
            m.SpinLockBh(mm.Context.Lock);
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & AA) != 0 && !m.PageActive(page))
            {
                // An Active page is never listed: a half of it may still be walked until its grace period
                // ends, and only the list hands halves out.
                m.ListAdd(page.Lru, mm.Context.PgtableList);
            }
            else
            {
                m.ListDelInit(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(P, bit)));
            if (mask != 0)
            {
                return;
            }

            ReleaseCheck.PageTableReleaseCheck(m, page, table.Address, OfHalf(A, bit), mask, checkListed: true);
            ListAssertions.AssumeOffList(page.Lru);
            if (m.TestClearPageActive(page))
            {
                m.CallRcu(page.RcuHead, PteFreeNow);
            }
            else
            {
                PteFreeNow(page.RcuHead);
            }
        }
    }
}
