// SPDX-License-Identifier: GPL-2.0
// Catalogue #20 (samples/README.md, the catalogue): mremap's pmd move racing retract_page_tables. THIS FILE: the bug.
//
// The kernel from 1d65b771bc08 (v6.6, retract_page_tables without mmap or vma lock) to 6fa1066fc5d0
// ("mm/mremap: fix move_normal_pmd/retract_page_tables race", Jann Horn, v6.12, Cc stable). mremap holds
// mmap_write_lock; move_page_tables picks the normal-pmd method from get_old_pmd's lockless look, and only
// then move_pgt_entry takes the rmap locks that keep retract_page_tables (under i_mmap_lock_read) out. If
// khugepaged detaches the table in between, move_normal_pmd clears the now empty pmd and populates the new
// one with pmd_pgtable() of it: physical page 0 as a page table. The task's next access through the new
// mapping walks it; the emulator's physical 0 is no RAM, so the walk is a wild access.
// Ported: mremap_to/move_vma/move_page_tables/move_normal_pmd of v6.11 (Drivers/Mremap.cs,
// MoveNormalPmdKind.BeforeRecheck), retract_page_tables of v6.6 (Drivers/Khugepaged.cs).
// Diff against Fixed.cs: move_normal_pmd without the "Racing with collapse?" recheck.
//
// Strands (merged v6.6 allocator, 8211dad62798): table 0 maps a page of the file; mremap moves region 0 to
// region 3 and then reads the page there; khugepaged retracts the file offset through every VMA mapping it
// (the old region, and the new one once copy_vma linked it).

using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Samples.Catalogue.MremapRetractRace;

public static class Buggy
{
    [Scenario("#20 move_normal_pmd moves a pmd that retract_page_tables emptied: the new pmd maps physical 0 as a page table",
        ExpectFinding = FindingKinds.WildAccess)]
    public static void C20_MoveNormalPmdWithoutRecheck(Machine m)
    {
        var pgt = new V66PageActive(m);
        var space = MappedMm.Create(m, pgt, tables: 1);
        Mremap.Start(m, space.Mm, MappedMm.AddressOf(0), MappedMm.AddressOf(3), MoveNormalPmdKind.BeforeRecheck);
        Khugepaged.StartRetractPageTables(m, pgt, space.Mm, [MappedMm.AddressOf(0), MappedMm.AddressOf(3)]);
    }
}
