using Pgt.Emulator.Checkers;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class LiveTableContentsTests
{
    [Fact]
    public void ListWordsStoredIntoATableAPmdPointsTo_IsReported()
    {
        var report = KernelRuns.Once(m =>
        {
            var (_, table, _) = Programs.MappedPage(m);
            m.InitListHead(table.AsListHead());
        }).AssertFinds(FindingKinds.NonPteInLiveTable);

        Assert.Contains("into a page table the pmd at", report);
        Assert.Contains("as list_head.next", report);
    }

    /// <summary>pgtable_trans_huge_withdraw without its reset of words 0-1, then pmd_populate.</summary>
    [Fact]
    public void PopulatingATableThatStillHoldsListWords_IsReported()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var table = GenericPageTables.PteAllocOne(m, mm);
            m.InitListHead(table.AsListHead());
            m.PmdPopulate(mm, m.PmdOffset(mm, Programs.Address), table);
        }).AssertFinds(FindingKinds.NonPteInLiveTable);

        Assert.Contains("still holds list_head.next data", report);
        Assert.Contains("BUG: EMU: non-pte-in-live-table in", report);
    }

    /// <summary>Withdraw as the kernel does it: words 0-1 back to _PAGE_INVALID before pmd_populate.</summary>
    [Fact]
    public void PopulatingATableWhoseListWordsWereReset_IsClean() =>
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var table = GenericPageTables.PteAllocOne(m, mm);
            m.InitListHead(table.AsListHead());
            m.SetPte(table.Entry(0).Address, PageTableBits.PageInvalid);
            m.SetPte(table.Entry(1).Address, PageTableBits.PageInvalid);
            m.PmdPopulate(mm, m.PmdOffset(mm, Programs.Address), table);
        }).AssertClean();
}
