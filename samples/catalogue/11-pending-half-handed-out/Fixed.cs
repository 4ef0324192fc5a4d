// SPDX-License-Identifier: GPL-2.0
// Catalogue #11 (samples/README.md, the catalogue): handing out a pending half. THIS FILE: the fix.
//
// page_table_free_rcu() clears a half's A bit and sets its P bit, and lists the page at the tail when its
// other half is still allocated: P says the half waits for its batch's grace period. A page_table_alloc()
// that tests only the A bits hands that half out at once, while gup_fast may still walk it, and the byte
// takes the "impossible" value 0x23 (A and P both set for the upper half): reported as the reuse of a
// table still queued for RCU freeing. The kernel's comment in
// page_table_alloc explains why P is folded into the test: (mask | mask >> 4) & 3. Report: a later
// "Invalid pgtable ... mask" dump, or a leak.
// Diff against Buggy.cs: the mask test in page_table_alloc.
//
// Strands (merged v6.6, 8211dad62798, otherwise): tables 0 and 1 share one page; gup_fast walks region 1 while the
// task munmaps it (mmu_gather) and then, on another thread, faults a table in for region 2.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.PendingHalfHandedOut;

public static class Fixed
{
    [Scenario("#11 fixed: page_table_alloc folds P into its test, a pending half is not free")]
    public static void C11_AllocFoldsPendingBits(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(1));
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(1));
            PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
        });
    }

    /// <summary>v6.6 with its page_table_alloc written out for the diff.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override PteTable PageTableAlloc([RequiresMm] Mm mm)
        {
            if (m.MmAllocPgste(mm))
            {
                return base.PageTableAlloc(mm);
            }

            using var frame = m.Enter("page_table_alloc");
            var reused = default(PteTable);
            m.SpinLockBh(mm.Context.Lock);
            if (!m.ListEmpty(mm.Context.PgtableList))
            {
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
                return reused;
            }

            var fresh = m.AllocPage();
            m.PgtablePteCtor(fresh);
            var table = HalfOf(fresh, 0);
            m.AtomicXorBits(fresh.Refcount, Bits(A, 0));
            m.Memset64(table.Address, PageInvalid, 2 * PtrsPerPte);
            m.SpinLockBh(mm.Context.Lock);
            m.ListAdd(fresh.Lru, mm.Context.PgtableList);
            m.SpinUnlockBh(mm.Context.Lock);
            return table;
        }
    }
}
