// SPDX-License-Identifier: GPL-2.0
// Catalogue #15 (samples/README.md, the catalogue): PG_active left set at free. THIS FILE: the bug.
// HYPOTHETICAL: merged v6.6 always used TestClearPageActive; this removes it to show what it is for.
//
// Merged v6.6 (8211dad62798) borrows PG_active to mark a page with a half freed by pte_free_defer. The
// free that brings the fragment byte to 0 must take the mark off again, TestClearPageActive() before
// call_rcu: PG_active is in PAGE_FLAGS_CHECK_AT_FREE, so the page allocator complains, "BUG: Bad page
// state in process ... page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set". Here page_table_free
// only tests the flag.
// Diff against Fixed.cs: PageActive instead of TestClearPageActive at byte 0.
//
// Strands (merged v6.6, 8211dad62798, otherwise): tables 0 and 1 share one page; gup_fast walks region 0 while two
// khugepaged threads retract both tables with pte_free_defer.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.ActiveFlagLeftAtFree;

public static class Buggy
{
    [Scenario("#15 the last free tests PageActive without clearing it: the page is freed with PG_active",
        ExpectFinding = FindingKinds.BadPageRelease)]
    public static void C15_ActiveTestedNotCleared(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, name: "khugepaged/0");
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred, name: "khugepaged/1");
    }

    /// <summary>v6.6 with a page_table_free that leaves PG_active set.</summary>
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
            if (m.PageActive(page))
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
