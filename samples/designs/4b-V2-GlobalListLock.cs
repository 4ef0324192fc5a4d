// v2 (HH bits + page->pt_mm + a global mm_pgtable_list_lock): the draft's two bugs, answered.
//
// Ports: M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com> "[PATCH v2 07/12] s390: add pte_free_defer()
// for pgtables sharing page", Hugh Dickins, 20 June 2023 (src/Pgt.S390/Designs/V2GlobalListLock.cs).
// "although AA bit set guarantees that pt_mm must still be valid, it does not guarantee that mm is still
// valid an instant later: so acquiring mm->context.lock would not be safe. For now, use a static global
// mm_pgtable_list_lock instead". Every function takes it with _bh, __tlb_remove_table rechecks the other
// half's A bit under it before touching pt_mm's list, and mm->context.lock is no longer taken from softirq.
// So the strands that show the draft's bugs (4a and catalogue #9: munmap, exit, a context switch) run
// clean. The static PGT003 remains: __tlb_remove_table still reaches an mm through page->pt_mm in a
// context that has none, and the rule cannot see the lock that makes it safe (samples/README.md, note E).
// What v2 still gets wrong is not seen: pte_free_half tests an unshifted mask, so a second half deferred
// while the first's callback is pending is never freed, a leak the emulator does not report yet.
//
// Strands: tables 0 and 1 share one page; the task, just switched to, flushes its TLB lazily (plain
// spin_lock of context.lock), munmaps region 0, then exits on another CPU while region 0's batch is still
// waiting for its grace period.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V2GlobalListLockSample
{
    [Scenario("v2: the global mm_pgtable_list_lock, taken with _bh everywhere: munmap, exit and a context switch run clean",
        ExpectRules = new[] { "PGT003" })]
    public static void V2_GlobalListLock(Machine m)
    {
        var pgt = new V2GlobalListLock(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        m.Spawn("task", () =>
        {
            TlbFlush.TlbFlushMmLazy(m, space.Mm);
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        });
    }
}
