// Catalogue #9 (samples/README.md, the catalogue): a lock taken from softirq and from process context. THIS FILE: the fix.
//
// Gerald's RCU stall (M9 <20230616103831.1407439a@thinkpad-T15>, 16 June), running LTP on Hugh's untested
// draft of 12 June (M6 <a948f24b-4fe6-8bc0-221a-65e9ccc8371a@google.com>, src/Pgt.S390/Designs/V2DraftPtMm.cs):
// "rcu: INFO: rcu_sched self-detected stall on CPU" at the spin_lock() in __tlb_flush_mm_lazy(), called
// from finish_arch_post_lock_switch(). That path takes mm->context.lock with plain spin_lock(), softirqs
// on; the draft's __tlb_remove_table (run from the batch's RCU callback, in softirq, to relist the page)
// takes the same lock. When the softirq interrupts the context switch on the same CPU, it spins on a lock
// its own CPU holds. Lockdep reports the two usages wherever they happen, without waiting for that
// interleaving: "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage". v1's callback had the same exposure
// (designs/2b-V1-CallbackLockContext.cs). Gerald proposed spin_lock_bh() in __tlb_flush_mm_lazy and gmap;
// v2 (M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>) instead moved the list under a global
// mm_pgtable_list_lock taken with _bh everywhere (designs/4b-V2-GlobalListLock.cs); merged v6.6
// (8211dad62798) takes no lock in the callback at all: the twin.
// Diff against Buggy.cs: the design, merged v6.6 here.
//
// Strands: tables 0 and 1 share one page; munmap frees table 0 (its batch's callback runs in the RCU
// softirq of munmap's CPU) while a context switch to the mm, on another CPU, flushes its TLB lazily.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.LockContextMismatch;

public static class Fixed
{
    [Scenario("#9 fixed: merged v6.6 takes no lock in the RCU callback")]
    public static void C09_CallbackTakesNoLock(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
        TlbFlush.StartContextSwitch(m, space.Mm);
    }
}
