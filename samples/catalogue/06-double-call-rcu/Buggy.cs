// SPDX-License-Identifier: GPL-2.0
// Catalogue #6 (samples/README.md, the catalogue): double call_rcu on the page's shared rcu_head. THIS FILE: the bug.
// HYPOTHETICAL: per-half call_rcu with the draft's never-listed rule but no H bits is no posting; v1
// (designs/2a) has the same double call_rcu behind its overlay bug.
//
// A 4K page holds two 2K tables but has one rcu_head. Matthew Wilcox on v1 (M1
// <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com>): sharing page->rcu_head between page tables is
// "tricky". This pte_free_defer is the 12 June draft (M6) and v2 (M10) without their H bits: it keeps lru idle while the rcu_head is
// queued, but queues the head once per half, so when khugepaged retracts both halves within one grace period the second call_rcu
// queues a head that is already queued. DEBUG_OBJECTS_RCU_HEAD: "ODEBUG: activate active ... object type: rcu_head", then
// "Double-freed CB"; the callback and the page leak. Correct: the merged rule, one call_rcu per page when
// the byte reaches 0 (8211dad62798, M12 <7bef5695-fa4a-7215-7e9d-d4a83161c7ab@google.com>), or v2's H
// bits chaining the two uses (M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>).
// Diff against Fixed.cs: pte_free_defer's body.
//
// Strands (merged v6.6, 8211dad62798, otherwise): tables 0 and 1 share one page; two khugepaged threads retract both
// tables with this pte_free_defer. No walker: the shared rcu_head needs none, and one would only add
// schedules in which the same bug shows as a list corruption instead (a head queued again between the
// softirq taking the first callback and that callback re-initialising lru).

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;
using Pgt.S390.Fragments;
using PgtAnalyzers.Annotations;
using static Pgt.S390.Fragments.FragmentBits;

namespace Samples.Catalogue.DoubleCallRcu;

public static class Buggy
{
    [Scenario("#6 both halves deferred with a call_rcu each: the page's one rcu_head queued twice",
        ExpectFinding = FindingKinds.DoubleCallRcu)]
    public static void C06_CallRcuPerHalf(Machine m)
    {
        var pgt = new Design(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, name: "khugepaged/0");
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred, name: "khugepaged/1");
    }

    /// <summary>v6.6's allocator with a per-half pte_free_defer on the page's one rcu_head.</summary>
    private sealed class Design(Machine machine) : V66PageActive(machine)
    {
        public override void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            using var frame = m.Enter("pte_free_defer");
            var page = m.VirtToPage(pgtable.Address);
            var bit = pgtable.Half;
            var other = bit ^ 1;
            m.SpinLockBh(mm.Context.Lock);
            var mask = MaskOf(m.AtomicXorBits(page.Refcount, Bits(A | P, bit)));
            if ((mask & OfHalf(P, other)) == 0)
            {
                // The page may be listed: lru must be idle before rcu_head, its overlay, is used. (When the
                // other half is pending, lru already serves as that half's rcu_head and is left alone.)
                m.ListDelInit(page.Lru);
            }

            m.SpinUnlockBh(mm.Context.Lock);
            m.CallRcu(page.RcuHead, bit == 0 ? FreeLowerHalf : FreeUpperHalf);
        }

        /// <summary>The RCU callback of a deferred lower half.</summary>
        [NoMm]
        private void FreeLowerHalf(RcuHead head) => FreeHalf(head, 0);

        /// <summary>The RCU callback of a deferred upper half.</summary>
        [NoMm]
        private void FreeUpperHalf(RcuHead head) => FreeHalf(head, 1);

        /// <summary>Ends the half's deferral: clear its P, and free the page if that was the last bit.</summary>
        [NoMm]
        private void FreeHalf(RcuHead head, int bit)
        {
            var page = Page.FromRcuHead(head);
            // The rcu_head is no longer queued: its words are lru again, an empty list until relisted.
            m.InitListHead(page.Lru);
            TlbRemoveTable(TablePointer.Tag(HalfOf(page, bit), OfHalf(A, bit)));
        }
    }
}
