// SPDX-License-Identifier: GPL-2.0
// Catalogue #3 (samples/README.md, the catalogue): free before the grace period. THIS FILE: the bug.
// HYPOTHETICAL: no posting freed the table at once; this is the contract pte_free_defer exists for, broken
// on purpose.
//
// pte_free_defer() must keep the table allocated, unreused and unmodified until an RCU grace period has
// passed, because gup_fast and pte_offset_map() walkers may still be inside a table khugepaged detached
// (the generic version, 13cf577e6b66, defers with call_rcu). Here it runs the callback's work,
// pte_free_now(), at once: the page goes back to the allocator while gup_fast reads it. KASAN: "BUG: KASAN: use-after-free in gup_pte_range".
// The generic version (13cf577e6b66) and v6.8's (d08d4e7cd6bf) queue pte_free_now with call_rcu.
// Diff against Fixed.cs: pte_free_now is called directly instead of through call_rcu.
//
// Strands (v6.8, d08d4e7cd6bf, one table per page, otherwise): gup_fast walks region 0 while khugepaged retracts its
// table with this pte_free_defer.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using PgtAnalyzers.Annotations;

namespace Samples.Catalogue.FreeBeforeGracePeriod;

public static class Buggy
{
    [Scenario("#3 pte_free_defer frees the table at once: gup_fast reads a freed page",
        ExpectFinding = FindingKinds.UseAfterFree)]
    public static void C03_DeferFreesAtOnce(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
    }

    /// <summary>v6.8 with a pte_free_defer that does not wait for the grace period.</summary>
    private sealed class Design(Machine machine) : V68FullPage(machine)
    {
        public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            _ = mm;
            using var frame = m.Enter("pte_free_defer");
            var page = m.VirtToPage(pgtable.Address);
            PteFreeNow(page.RcuHead);
        }
    }
}
