// v2 (HH bits + page->pt_mm): the RCU side relists a page under the lock of an mm that may be gone.
//
// Hugh's rule in v2 (M10 <a722dbec-bd9e-1213-1edd-53cd547aa4f@google.com>): a page is never on
// pgtable_list while a half is pending; __tlb_remove_table relists it afterwards. It has no mm, so v2
// recorded one in page->pt_mm at allocation. Gerald (M7 <fc5cd62e-d85f-36c3-ba37-db87e8b625d@google.com>):
// seeing the other half allocated proves the mm alive only at that instant; it may be freed "or even
// re-used as a different mm" when its lock is taken. KASAN: slab-use-after-free in _raw_spin_lock_bh
// (catalogue #7).
//
// Strands: tables 0 and 1 share one page; the task munmaps region 0, then exits on another CPU
// (frees table 1, drops the mm) while region 0's batch is still waiting for its grace period.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V2PtMmAfterExit
{
    [Scenario("v2: __tlb_remove_table relists the page under page->pt_mm's lock after exit freed the mm",
        ExpectFinding = FindingKinds.MmAfterFree, ExpectRules = new[] { "PGT003" })]
    public static void V2_PtMmAfterExit(Machine m)
    {
        var pgt = new V2HhBits(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        });
    }
}
