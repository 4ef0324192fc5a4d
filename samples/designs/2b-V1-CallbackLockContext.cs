// v1 of pte_free_defer: its RCU callback takes mm->context.lock from softirq.
//
// Ports: M1 <6dd63b39-e71f-2e8b-7e0-83e02f3bcb39@google.com> "[PATCH 07/12] s390: add pte_free_defer(),
// with use of mmdrop_async()", Hugh Dickins, 28 May 2023 (src/Pgt.S390/Designs/V1MmgrabCallRcu.cs).
// v1's callback pte_free_now() frees the half with page_table_free(), which takes mm->context.lock with
// spin_lock_bh(): from the RCU softirq, that lock is taken in softirq context, while finish_arch_post_lock_
// switch -> __tlb_flush_mm_lazy takes it with plain spin_lock(), softirqs on. That is the self-deadlock
// Gerald hit on the 12 June draft (M9 <20230616103831.1407439a@thinkpad-T15>: "rcu_sched self-detected
// stall" in finish_arch_post_lock_switch); nobody raised it against v1, whose review stopped at the
// rcu_head/lru overlay (2a) and the shared rcu_head (catalogue #6). Lockdep: "inconsistent
// {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage" (catalogue #9).
//
// Strands: tables 0 and 1 share one page, so it is on no list and the overlay cannot fire; khugepaged
// retracts table 0 with pte_free_defer (its callback runs in the RCU softirq) while a context switch to
// the mm, on another CPU, flushes its TLB lazily.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V1CallbackLockContext
{
    [Scenario("v1: pte_free_now's page_table_free takes context.lock in softirq; a context switch takes it with spin_lock",
        ExpectFinding = FindingKinds.LockContextMismatch, ExpectRules = new[] { "PGT003", "PGT102" })]
    public static void V1_CallbackTakesContextLock(Machine m)
    {
        var pgt = new V1MmgrabCallRcu(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        TlbFlush.StartContextSwitch(m, space.Mm);
    }
}
