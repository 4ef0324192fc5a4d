using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// A <c>struct page *</c>: the page frame <see cref="Pfn"/>, whose 64-byte struct page lives in the
/// vmemmap at <see cref="Address"/> and whose memory starts at <see cref="PhysAddr"/>. The members are
/// views of the struct page words (see <see cref="StructPage"/>); reading or writing them goes through
/// the machine's primitives, e.g. <c>m.Load(page.PtMm)</c>, <c>m.AtomicXorBits(page.Refcount, bits)</c>.
/// </summary>
public readonly struct Page : IEquatable<Page>
{
    public Page(Machine machine, ulong pfn)
    {
        Machine = machine;
        Pfn = pfn;
    }

    public Machine Machine { get; }

    public ulong Pfn { get; }

    public bool IsNull => Machine is null || Pfn == 0;

    /// <summary>The address of the struct page itself (<c>&amp;page</c>).</summary>
    public ulong Address => PhysicalLayout.StructPageAddress(Pfn);

    /// <summary><c>page_to_phys(page)</c> = <c>page_address(page)</c> on s390.</summary>
    public ulong PhysAddr => PhysicalLayout.PfnToPhys(Pfn);

    public ulong WordAddress(int word) => Address + (ulong)word * PhysicalLayout.WordSize;

    public Field Flags => new(WordAddress(StructPage.Flags), View.PageFlags);

    [Overlay("lru")]
    public ListHead Lru => new(Machine, WordAddress(StructPage.LruNext), View.LruNext, View.LruPrev);

    [Overlay("lru")]
    public RcuHead RcuHead => new(Machine, WordAddress(StructPage.LruNext));

    [Overlay("lru")]
    public Field CompoundHead => new(WordAddress(StructPage.LruNext), View.CompoundHead);

    [Overlay("lru")]
    public Field PmdHugePte => new(WordAddress(StructPage.LruPrev), View.PmdHugePte);

    public Field Mapping => new(WordAddress(StructPage.Mapping), View.Mapping);

    [Overlay("pt_mm")]
    public Field PtMm => new(WordAddress(StructPage.PtMm), View.PtMm);

    [Overlay("pt_mm")]
    public Field PtFragRefcount => new(WordAddress(StructPage.PtMm), View.PtFragRefcount);

    /// <summary>The page-table lock embedded in the struct page (both 2K halves share it on s390).</summary>
    public Spinlock Ptl => new(Machine, WordAddress(StructPage.Ptl));

    /// <summary><c>page->_refcount</c>: bits 24-31 hold s390's A/P fragment byte.</summary>
    public Atomic32 Refcount => new(WordAddress(StructPage.Counts), true, View.Refcount);

    public Atomic32 Mapcount => new(WordAddress(StructPage.Counts), false, View.Refcount);

    /// <summary><c>virt_to_page(pa)</c>.</summary>
    public static Page FromAddress(Machine machine, ulong pa) => new(machine, PhysicalLayout.PhysToPfn(pa));

    /// <summary><c>container_of(lru, struct page, lru)</c> (<c>list_first_entry(..., struct page, lru)</c>).</summary>
    public static Page FromLru(ListHead lru) =>
        new(lru.Machine, (lru.Address - PhysicalLayout.VmemmapBase) / PhysicalLayout.StructPageSize);

    /// <summary><c>container_of(head, struct page, rcu_head)</c>.</summary>
    public static Page FromRcuHead(RcuHead head) =>
        new(head.Machine, (head.Address - PhysicalLayout.VmemmapBase) / PhysicalLayout.StructPageSize);

    public bool Equals(Page other) => Pfn == other.Pfn && ReferenceEquals(Machine, other.Machine);

    public override bool Equals(object? obj) => obj is Page other && Equals(other);

    public override int GetHashCode() => Pfn.GetHashCode();

    public static bool operator ==(Page left, Page right) => left.Equals(right);

    public static bool operator !=(Page left, Page right) => !left.Equals(right);

    public override string ToString() => $"page 0x{PhysAddr:x}";
}
