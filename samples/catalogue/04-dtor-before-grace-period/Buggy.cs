// SPDX-License-Identifier: GPL-2.0
// Catalogue #4 (samples/README.md, the catalogue): the pgtable dtor before the grace period. THIS FILE: the bug.
// HYPOTHETICAL: no s390 posting ran the dtor before the grace period (v1, the draft, v2 and v6.6 all run
// it with the free).
//
// A v6.5+ pte_offset_map_lock() walker reads the pmd under rcu_read_lock, then takes the table's own ptl
// (pte_lockptr), which lives in the table's struct page, and only then rechecks pmd_same. So the
// ptl, and the PageTable state, must outlive the grace period too: the dtor belongs in the RCU callback
// with the free. Here pte_free_defer destroys the ptl first and defers only the page free; the walker
// takes a destroyed spinlock ("spinlock bad magic", or a slab-use-after-free of a split ptlock).
// Diff against Fixed.cs: pgtable_pte_page_dtor runs in pte_free_defer instead of in the callback.
//
// Strands (v6.8, d08d4e7cd6bf, otherwise): a pte_offset_map_lock walker walks region 0 while khugepaged retracts its
// table with this pte_free_defer.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using PgtAnalyzers.Annotations;

namespace Samples.Catalogue.DtorBeforeGracePeriod;

public static class Buggy
{
    [Scenario("#4 pte_free_defer destroys the ptl at once: a walker locks a destroyed spinlock",
        ExpectFinding = FindingKinds.BadSpinlock)]
    public static void C04_DtorBeforeCallRcu(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(0), takePtl: true);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
    }

    /// <summary>v6.8 with a pte_free_defer that defers the page free but not the dtor.</summary>
    private sealed class Design(Machine machine) : V68FullPage(machine)
    {
        public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            _ = mm;
            using var frame = m.Enter("pte_free_defer");
            var page = m.VirtToPage(pgtable.Address);
            m.PgtablePteDtor(page);
            m.CallRcu(page.RcuHead, FreeTablePage);
        }

        /// <summary>The RCU callback.</summary>
        [NoMm]
        private void FreeTablePage(RcuHead head)
        {
            using var frame = m.Enter("pte_free_now");
            var page = Page.FromRcuHead(head);
            m.FreePage(page);
        }
    }
}
