// SPDX-License-Identifier: GPL-2.0
// Catalogue #21 (samples/README.md, the catalogue): collapse_pte_mapped_thp racing UFFDIO_COPY. THIS FILE: the bug.
//
// collapse_pte_mapped_thp as 1043173eb5eb ("mm/khugepaged: collapse_pte_mapped_thp() with mmap_read_lock()",
// Hugh Dickins) left it, until a98460494b16 ("mm/khugepaged: fix collapse_pte_mapped_thp() versus uffd");
// both went into v6.6 in one merge, so the bug lived in mm-unstable and linux-next only (Jann Horn
// reproduced it on mm-everything). Step 2 clears the ptes under the ptl and drops it; step 4 takes the pmd
// lock ("Huge page lock is still held, so page table must remain empty") and detaches the table. The huge
// page's lock keeps faults out of that window, but UFFDIO_COPY into a private uffd-armed mapping installs
// an anonymous page without looking at the page cache: its pte is detached and freed with the table, no
// zap ever counts the page out, and the exit reports "BUG: Bad rss-counter state ... type:MM_ANONPAGES val:1".
// Ported: collapse_pte_mapped_thp before the fix (Drivers/Khugepaged.cs, CollapseVma.UffdArmedPrivateBeforeFix),
// mfill_atomic_install_pte of v6.6 (Drivers/Userfaultfd.cs), exit through mmput (Drivers/Munmap.cs).
// Diff against Fixed.cs: the CollapseVma value.
//
// Strands (merged v6.6 allocator, 8211dad62798): table 0 maps the huge page's first page; one thread of
// the task collapses region 0 with MADV_COLLAPSE (step 5, the huge pmd, is not modelled: it would be
// counted in and out alike), another does UFFDIO_COPY at the region's second page; the last to leave
// runs exit_mmap.

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.CollapseVsUffdioCopy;

public static class Buggy
{
    [Scenario("#21 collapse_pte_mapped_thp drops the ptl before the pmd lock: a UFFDIO_COPY pte is freed with the table",
        ExpectFinding = FindingKinds.BadRssCounter)]
    public static void C21_CollapseDropsPtlBeforePmdLock(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        var mm = space.Mm;
        var region = MappedMm.AddressOf(0);
        m.Mmget(mm); // the second thread's user reference
        m.Spawn("madvise_collapse", () =>
        {
            Khugepaged.Retract(m, pgt, mm, region, RetractKind.LocklessDeferred,
                CollapseVma.UffdArmedPrivateBeforeFix, space.DataPages[0]);
            Munmap.Mmput(m, pgt, mm, region);
        });
        m.Spawn("uffdio_copy", () =>
        {
            Userfaultfd.Copy(m, mm, region + PhysicalLayout.PageSize);
            Munmap.Mmput(m, pgt, mm, region);
        });
    }
}
