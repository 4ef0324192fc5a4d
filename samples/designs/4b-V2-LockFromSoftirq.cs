// v2 (HH bits + page->pt_mm): mm->context.lock taken from an RCU callback and from process context.
//
// Gerald hit a real self-deadlock with v2 (M9 <20230616103831.1407439a@thinkpad-T15>), seen as an RCU
// stall in finish_arch_post_lock_switch -> __tlb_flush_mm_lazy: that path takes context.lock with plain
// spin_lock(), softirqs on, while v2's RCU side takes the same lock from softirq. Lockdep: "inconsistent
// {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage" (catalogue #9).
//
// Strands: tables 0 and 1 share one page; munmap frees table 0 (its batch's callback relists the page)
// while a context switch to the mm flushes its TLB lazily.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V2LockFromSoftirq
{
    [Scenario("v2: context.lock taken in an RCU callback and with plain spin_lock by a context switch",
        ExpectFinding = FindingKinds.LockContextMismatch, ExpectRules = new[] { "PGT003" })]
    public static void V2_ContextLockFromSoftirq(Machine m)
    {
        var pgt = new V2HhBits(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
        TlbFlush.StartContextSwitch(m, space.Mm);
    }
}
