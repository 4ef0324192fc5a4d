// SPDX-License-Identifier: GPL-2.0
// Ports pgtable_trans_huge_deposit / pgtable_trans_huge_withdraw of arch/s390/mm/pgtable.c (v6.4 to v6.8).

using Pgt.Emulator.Kernel;
using PgtAnalyzers.Annotations;
using static Pgt.Emulator.Kernel.PageTableBits;

namespace Pgt.S390.Thp;

/// <summary>
/// THP keeps a pte table in reserve for each huge pmd, to split it later without allocating. On s390 a
/// <c>pgtable_t</c> is a table pointer, not a struct page, so the list of deposited tables is threaded
/// through the tables themselves: words 0-1 are a <c>list_head</c>, and the list's first table hangs
/// from <c>pmd_huge_pte</c> in the pmd table's struct page (the most recent deposit; withdraw takes that one). Writing into a table is legal only because no
/// walker can reach a deposited table: the pmd maps the huge page instead. Both run under the pmd lock.
/// </summary>
public static class PgtableDeposit
{
    /// <summary>pgtable_trans_huge_deposit(mm, pmdp, pgtable).</summary>
    public static void PgtableTransHugeDeposit(Machine m, [RequiresMm] Mm mm, ulong pmdp, PteTable pgtable)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("pgtable_trans_huge_deposit");
        m.LockdepAssertHeld(m.PmdLockptr(mm, pmdp));
        var hugePte = PmdHugePte(m, pmdp);
        var first = m.Load(hugePte);
        // The first deposit starts the list; a later one is linked behind the table pmd_huge_pte names.
        if (first == 0)
        {
            m.InitListHead(pgtable.AsListHead());
        }
        else
        {
            m.ListAdd(pgtable.AsListHead(), ListHead.At(m, first));
        }

        m.Store(hugePte, pgtable.Address);
    }

    /// <summary>
    /// pgtable_trans_huge_withdraw(mm, pmdp): takes the table <c>pmd_huge_pte</c> names and makes its words 0-1
    /// pte_none again before it can be populated into a pmd.
    /// </summary>
    public static PteTable PgtableTransHugeWithdraw(Machine m, [RequiresMm] Mm mm, ulong pmdp)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("pgtable_trans_huge_withdraw");
        m.LockdepAssertHeld(m.PmdLockptr(mm, pmdp));
        var hugePte = PmdHugePte(m, pmdp);
        var pgtable = new PteTable(m, m.Load(hugePte));
        var lh = pgtable.AsListHead();
        if (m.ListEmpty(lh))
        {
            m.Store(hugePte, 0);
        }
        else
        {
            m.Store(hugePte, m.Load(lh.Next));
            m.ListDel(lh);
        }

        m.SetPte(pgtable.Entry(0).Address, PageInvalid);
        m.SetPte(pgtable.Entry(1).Address, PageInvalid);
        return pgtable;
    }

    /// <summary><c>pmd_huge_pte(mm, pmdp)</c>: in the struct page of the pmd table, overlaying <c>lru.prev</c>.</summary>
    private static Field PmdHugePte(Machine m, ulong pmdp) => m.VirtToPage(pmdp).PmdHugePte;
}
