// SPDX-License-Identifier: GPL-2.0
// Scenario set-up: an address space whose pte tables come from a design's page_table_alloc.

using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Drivers;

/// <summary>
/// An mm with a pmd table and <see cref="Tables"/> pte tables, table <c>i</c> covering the 1 MiB region at
/// <see cref="AddressOf"/>(i) and mapping one page-cache page at its first address. The tables come from
/// the design's <c>page_table_alloc</c> in order, so in the fragment designs tables 0 and 1 are the lower
/// and upper halves of one page. Built by the main strand before it starts any other.
/// </summary>
public sealed class MappedMm
{
    /// <summary>Pages mapped at the start of each region (the zap of <see cref="Munmap"/> clears these).</summary>
    public const int PagesPerTable = 1;

    private MappedMm(Mm mm, IReadOnlyList<PteTable> tables, IReadOnlyList<Page> dataPages)
    {
        Mm = mm;
        Tables = tables;
        DataPages = dataPages;
    }

    /// <summary>The address space.</summary>
    [MmSource]
    public Mm Mm { get; }

    /// <summary>The pte table of region <c>i</c>, as allocated.</summary>
    public IReadOnlyList<PteTable> Tables { get; }

    /// <summary>The page mapped at the start of region <c>i</c> (a page-cache page: it outlives its mappings).</summary>
    public IReadOnlyList<Page> DataPages { get; }

    /// <summary>The first address of region <paramref name="index"/>: (index + 1) MiB, one pmd each.</summary>
    public static ulong AddressOf(int index) => (ulong)(index + 1) << PageTableBits.PmdShift;

    /// <summary>
    /// mm_alloc (with PGSTEs when <paramref name="pgste"/>: a KVM guest), then a fault in each of
    /// <paramref name="tables"/> regions.
    /// </summary>
    public static MappedMm Create(Machine m, IPgtableDesign pgt, int tables, bool pgste = false)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(pgt);
        ArgumentOutOfRangeException.ThrowIfNegative(tables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tables, PageTableBits.PtrsPerPmd - 1);
        var mm = m.MmAlloc(pgste);
        var mapped = new List<PteTable>();
        var pages = new List<Page>();
        for (var i = 0; i < tables; i++)
        {
            var data = m.AllocPage();
            mapped.Add(PteAlloc.MapPage(m, pgt, mm, AddressOf(i), data));
            pages.Add(data);
        }

        return new MappedMm(mm, mapped, pages);
    }
}
