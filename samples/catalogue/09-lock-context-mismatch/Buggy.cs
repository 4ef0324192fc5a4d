// Catalogue #9 (kernel-s390.md §8): a lock taken from softirq and from process context. THIS FILE: the bug.
//
// Gerald's RCU stall with v2 (M9 <20230616103831.1407439a@thinkpad-T15>): finish_arch_post_lock_switch ->
// __tlb_flush_mm_lazy takes mm->context.lock with plain spin_lock(), softirqs on; v2's RCU side
// (__tlb_remove_table after the batch's grace period, relisting the page) takes the same lock from the
// RCU softirq. When the softirq interrupts the context switch on the same CPU, it spins on a lock its
// own CPU holds: a self-deadlock. Lockdep reports the two usages wherever they happen, without waiting
// for that interleaving: "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage". This is the second bug of
// the v2 design in the variants table (samples/designs/4-V2-PtMmAfterExit.cs shows the first).
// Correct: _bh everywhere, or no lock in callbacks, as merged v6.6 did (8211dad62798: the callback needs
// neither the mm nor its lock).
// Diff against Fixed.cs: the design, v2 (M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>) here.
// The static PGT003 is v2's other bug, catalogue #7: the lock belongs to page->pt_mm.
//
// Strands: tables 0 and 1 share one page; munmap frees table 0 (its batch's callback runs in the RCU
// softirq of munmap's CPU) while a context switch to the mm, on another CPU, flushes its TLB lazily.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.LockContextMismatch;

public static class Buggy
{
    [Scenario("#9 v2: the RCU softirq and a context switch (plain spin_lock) both take context.lock",
        ExpectFinding = FindingKinds.LockContextMismatch, ExpectRules = new[] { "PGT003" })]
    public static void C09_CallbackTakesContextLock(Machine m)
    {
        var pgt = new V2HhBits(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
        TlbFlush.StartContextSwitch(m, space.Mm);
    }
}
