// SPDX-License-Identifier: GPL-2.0
// Catalogue #21 (samples/README.md, the catalogue): collapse_pte_mapped_thp racing UFFDIO_COPY. THIS FILE: the fix.
//
// a98460494b16 ("mm/khugepaged: fix collapse_pte_mapped_thp() versus uffd", Hugh Dickins, v6.6; Fixes:
// 1043173eb5eb): on a private uffd-armed VMA the pmd lock is taken before the ptl, and the ptl is not
// dropped between clearing the ptes and pmdp_collapse_flush. UFFDIO_COPY either installs first, and
// step 2 finds a pte that is not the huge page's (hpage + i != page) and aborts, or comes after and finds
// the pmd empty (-EAGAIN). Either way exit counts every page out.
// Ported: collapse_pte_mapped_thp as merged (Drivers/Khugepaged.cs, CollapseVma.UffdArmedPrivate),
// mfill_atomic_install_pte of v6.6 (Drivers/Userfaultfd.cs), exit through mmput (Drivers/Munmap.cs).
// Diff against Buggy.cs: the CollapseVma value.
//
// Strands (merged v6.6 allocator, 8211dad62798): table 0 maps the huge page's first page; one thread of
// the task collapses region 0 with MADV_COLLAPSE (step 5, the huge pmd, is not modelled: it would be
// counted in and out alike), another does UFFDIO_COPY at the region's second page; the last to leave
// runs exit_mmap.

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.CollapseVsUffdioCopy;

public static class Fixed
{
    [Scenario("#21 fixed: collapse_pte_mapped_thp takes the pmd lock first on a private uffd-armed VMA")]
    public static void C21_CollapseTakesPmdLockFirst(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        var mm = space.Mm;
        var region = MappedMm.AddressOf(0);
        m.Mmget(mm); // the second thread's user reference
        m.Spawn("madvise_collapse", () =>
        {
            Khugepaged.Retract(m, pgt, mm, region, RetractKind.LocklessDeferred,
                CollapseVma.UffdArmedPrivate, space.DataPages[0]);
            Munmap.Mmput(m, pgt, mm, region);
        });
        m.Spawn("uffdio_copy", () =>
        {
            Userfaultfd.Copy(m, mm, region + PhysicalLayout.PageSize);
            Munmap.Mmput(m, pgt, mm, region);
        });
    }
}
