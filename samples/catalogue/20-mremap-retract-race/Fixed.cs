// SPDX-License-Identifier: GPL-2.0
// Catalogue #20 (samples/README.md, the catalogue): mremap's pmd move racing retract_page_tables. THIS FILE: the fix.
//
// 6fa1066fc5d0 ("mm/mremap: fix move_normal_pmd/retract_page_tables race", Jann Horn with David
// Hildenbrand, v6.12, Cc stable; Fixes: 1d65b771bc08): with the pmd locks (and the rmap locks) held,
// move_normal_pmd rereads the old pmd and bails out unless it still points to a page table ("Racing with
// collapse?"); the caller's pte-level fallback then finds the pmd empty and moves nothing.
// Ported: mremap_to/move_vma/move_page_tables/move_normal_pmd as fixed (Drivers/Mremap.cs,
// MoveNormalPmdKind.WithRecheck), retract_page_tables of v6.6 (Drivers/Khugepaged.cs).
// Diff against Buggy.cs: move_normal_pmd with the recheck.
//
// Strands (merged v6.6 allocator, 8211dad62798): table 0 maps a page of the file; mremap moves region 0 to
// region 3 and then reads the page there; khugepaged retracts the file offset through every VMA mapping it
// (the old region, and the new one once copy_vma linked it).

using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.MremapRetractRace;

public static class Fixed
{
    [Scenario("#20 fixed: move_normal_pmd rechecks the old pmd under its lock and bails out")]
    public static void C20_MoveNormalPmdRechecks(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Mremap.Start(m, space.Mm, MappedMm.AddressOf(0), MappedMm.AddressOf(3), MoveNormalPmdKind.WithRecheck);
        Khugepaged.StartRetractPageTables(m, pgt, space.Mm, [MappedMm.AddressOf(0), MappedMm.AddressOf(3)]);
    }
}
