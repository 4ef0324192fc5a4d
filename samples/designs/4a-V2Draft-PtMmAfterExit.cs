// Hugh's untested draft of 12 June 2023 (HH bits + page->pt_mm): the RCU side relists a page under the
// lock of an mm that may be gone.
//
// Ports: M6 <a948f24b-4fe6-8bc0-221a-65e9ccc8371a@google.com>, "[PATCH 07/12] s390: add pte_free_defer()
// for pgtables sharing page", Hugh Dickins, 12 June 2023 (src/Pgt.S390/Designs/V2DraftPtMm.cs). Not v2:
// v2 (M10) took a global lock instead, designs/4b-V2-GlobalListLock.cs.
// The draft's rule: a page is never on pgtable_list while a half is pending; __tlb_remove_table relists it
// afterwards. It has no mm, so the draft recorded one in page->pt_mm at allocation, and takes that mm's
// context.lock after seeing the other half's A bit. Hugh, in the draft: "although reading that the other
// half is allocated guarantees that the mm is still valid at that instant, what guarantees that it has not
// already been freed before we take its context.lock?" Gerald (M17 <20230614153042.43a52187@thinkpad-T15>,
// quoted in M7): "the stored mm might not only have been freed, but even re-used as a different mm".
// KASAN: slab-use-after-free in _raw_spin_lock_bh (catalogue #7).
//
// Strands: tables 0 and 1 share one page; the task munmaps region 0, then exits on another CPU
// (frees table 1, drops the mm) while region 0's batch is still waiting for its grace period.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Designs;

public static class V2DraftPtMmAfterExit
{
    [Scenario("v2 draft (12 June): __tlb_remove_table relists the page under page->pt_mm's lock after exit freed the mm",
        ExpectFinding = FindingKinds.MmAfterFree, ExpectRules = new[] { "PGT003" })]
    public static void V2Draft_PtMmAfterExit(Machine m)
    {
        var pgt = new V2DraftPtMm(m);
        var space = MappedMm.Create(m, pgt, tables: 2);
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        });
    }
}
