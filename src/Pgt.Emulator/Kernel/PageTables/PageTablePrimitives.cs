using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// Segment (pmd) and pte table accessors. A store into a pmd that changes which pte table it points
/// to is seen by the checkers as a detach and an attach, whatever function made it.
/// </summary>
public static class PageTablePrimitives
{
    /// <summary>pmd_offset(pud_offset(...(pgd_offset(mm, addr)))): the pmd slot for <paramref name="address"/>.</summary>
    public static ulong PmdOffset(this Machine m, [RequiresMm] Mm mm, ulong address,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        // mm->pgd never changes after pgd_alloc: an ordinary load, but no scheduling point of its own.
        var site = new Callsite(caller, file, line);
        var pgd = m.ReadWordNow(m.Current, mm.WordAddress(MmLayout.Pgd), View.MmPgd, AccessMode.Plain, "pgd_offset", site);
        return pgd + (ulong)PageTableBits.PmdIndex(address) * PhysicalLayout.WordSize;
    }

    /// <summary>pmdp_get_lockless(pmdp): READ_ONCE of the pmd.</summary>
    public static ulong PmdpGetLockless(this Machine m, ulong pmdp, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(pmdp, View.Pmd, AccessMode.Once, "pmdp_get_lockless", new Callsite(caller, file, line));

    /// <summary>set_pmd(pmdp, pmd).</summary>
    public static void SetPmd(this Machine m, ulong pmdp, ulong pmd, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(pmdp, pmd, View.Pmd, AccessMode.Once, "set_pmd", new Callsite(caller, file, line));

    /// <summary>pmd_populate(mm, pmdp, table): point the pmd at a pte table.</summary>
    public static void PmdPopulate(this Machine m, [RequiresMm] Mm mm, ulong pmdp, PteTable table,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        _ = mm;
        m.WriteWord(pmdp, table.Address, View.Pmd, AccessMode.Once, "pmd_populate", new Callsite(caller, file, line));
    }

    /// <summary>pmd_clear(pmdp).</summary>
    public static void PmdClear(this Machine m, ulong pmdp, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(pmdp, PageTableBits.SegmentEntryEmpty, View.Pmd, AccessMode.Once, "pmd_clear",
            new Callsite(caller, file, line));

    /// <summary>
    /// pmdp_collapse_flush(vma, addr, pmdp): atomically clear the pmd and return the old value. On s390
    /// this is an IDTE that flushes the TLB without an IPI, so it does not wait for irq-off walkers.
    /// </summary>
    public static ulong PmdpCollapseFlush(this Machine m, ulong pmdp, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(pmdp, RmwOp.Exchange, PageTableBits.SegmentEntryEmpty, 0, View.Pmd, "pmdp_collapse_flush",
            new Callsite(caller, file, line));

    /// <summary>pmd_pgtable(pmd): the pte table a pmd value points to (Null when none).</summary>
    public static PteTable PmdPgtable(this Machine m, ulong pmd) => new(m, PageTableBits.PmdTableAddress(pmd));

    /// <summary>pte_offset_kernel-style: the pte slot for <paramref name="address"/> in the table <paramref name="pmd"/> points to.</summary>
    public static ulong PteOffset(ulong pmd, ulong address) =>
        PageTableBits.PmdTableAddress(pmd) + (ulong)PageTableBits.PteIndex(address) * PhysicalLayout.WordSize;

    /// <summary>ptep_get(ptep) / ptep_get_lockless(ptep): READ_ONCE of the pte.</summary>
    public static ulong PtepGet(this Machine m, ulong ptep, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(ptep, View.Pte, AccessMode.Once, "ptep_get", new Callsite(caller, file, line));

    /// <summary>
    /// <c>ptep_get</c> of <paramref name="count"/> consecutive ptes of one table, for a loop that holds the
    /// table's ptl: one scheduling point for the run, as <c>memset64</c>'s. Every emulated pte writer holds
    /// the ptl, so no other strand could store between two of the loop's reads.
    /// </summary>
    public static ulong[] PtepGetRun(this Machine m, ulong ptep, int count, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (((ptep & (PageTableBits.PteTableSize - 1)) >> 3) + (ulong)count > PageTableBits.PtrsPerPte)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "a run of ptes stays within one table");
        }

        var site = new Callsite(caller, file, line);
        var s = m.Current;
        m.Schedule(s, new Operation(OperationKind.Read, m.ResourceOf(ptep)));
        var values = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = m.ReadWordNow(s, ptep + (ulong)i * PhysicalLayout.WordSize, View.Pte, AccessMode.Once, "ptep_get", site);
        }

        return values;
    }

    /// <summary>set_pte(ptep, pte).</summary>
    public static void SetPte(this Machine m, [Writes] ulong ptep, ulong pte, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(ptep, pte, View.Pte, AccessMode.Once, "set_pte", new Callsite(caller, file, line));

    /// <summary>pte_clear(mm, addr, ptep): back to _PAGE_INVALID.</summary>
    public static void PteClear(this Machine m, [Writes] ulong ptep, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(ptep, PageTableBits.PageInvalid, View.Pte, AccessMode.Once, "pte_clear",
            new Callsite(caller, file, line));
}
