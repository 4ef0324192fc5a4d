using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class ListTests
{
    [Fact]
    public void AddDelAndFirstEntry_BehaveAsListH()
    {
        var log = new List<string>();
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var list = mm.Context.PgtableList;
            var a = m.AllocPage();
            var b = m.AllocPage();
            log.Add($"empty={m.ListEmpty(list)}");
            m.ListAdd(a.Lru, list);
            m.ListAdd(b.Lru, list);
            log.Add($"first={Page.FromLru(m.ListFirstEntry(list)) == b}");
            m.ListDel(b.Lru);
            log.Add($"first={Page.FromLru(m.ListFirstEntry(list)) == a}");
            log.Add($"poison={m.Load(b.Lru.Next) == ListPoison.Poison1 && m.Load(b.Lru.Prev) == ListPoison.Poison2}");
            m.ListAddTail(b.Lru, list);
            m.ListDelInit(a.Lru);
            log.Add($"selflinked={m.Load(a.Lru.Next) == a.Lru.Address && m.ListEmpty(a.Lru)}");
            m.ListDelInit(a.Lru);
            m.ListDel(b.Lru);
            log.Add($"empty={m.ListEmpty(list)}");
        }).AssertClean();

        Assert.Equal(["empty=True", "first=True", "first=True", "poison=True", "selflinked=True", "empty=True"], log);
    }

    [Fact]
    public void DeletingTwice_ReportsListPoison1()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.ListDel(page.Lru);
            m.ListDel(page.Lru);
        }).AssertFinds(FindingKinds.ListCorruption);

        Assert.Contains("->next is LIST_POISON1 (dead000000000100)", report);
        Assert.Contains("lru.next at pa", report);
        Assert.Contains("last written as lru.next by T0 \"main\" (CPU0) list_del", report);
    }

    [Fact]
    public void AddingTwice_ReportsDoubleAdd()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
        }).AssertFinds(FindingKinds.ListCorruption);

        Assert.Contains("list_add double add: new=", report);
    }

    /// <summary>
    /// Overlay realism (v1, catalogue #5): call_rcu on a page that is still on pgtable_list through lru
    /// overwrites lru.next/lru.prev; the next list operation on the list reports corruption and names
    /// the view that last wrote the word.
    /// </summary>
    [Fact]
    public void CallRcuOnListedPage_NextListDelReportsCorruption_WithTheWriterView()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            var other = m.AllocPage();
            m.ListAdd(other.Lru, mm.Context.PgtableList);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.CallRcu(page.RcuHead, FreeNothing);
            var first = Page.FromLru(m.ListFirstEntry(mm.Context.PgtableList));
            m.ListDel(first.Lru);
        }).AssertFinds(FindingKinds.ListCorruption);

        Assert.Contains("list_del corruption, ", report);
        Assert.Contains("->next is NULL", report);
        Assert.Contains("lru.next at pa", report);
        Assert.Contains("was last written AS rcu_head.next by T0 \"main\" (CPU0) call_rcu at step", report);
    }

    [Fact]
    public void CallRcuOnListedPage_ListAddAtHeadReportsNextPrevCorruption()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            var other = m.AllocPage();
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.CallRcu(page.RcuHead, FreeNothing);
            m.ListAdd(other.Lru, mm.Context.PgtableList);
        }).AssertFinds(FindingKinds.ListCorruption);

        Assert.Contains("list_add corruption. next->prev should be prev (", report);
        Assert.Contains("lru.prev at pa", report);
        Assert.Contains("was last written AS rcu_head.func", report);
        Assert.Contains("(= FreeNothing+0x0/0x100)", report);
    }

    [Fact]
    public void CallRcuAfterListDelInit_IsClean()
    {
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            var other = m.AllocPage();
            m.ListAdd(other.Lru, mm.Context.PgtableList);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.ListDelInit(page.Lru);
            m.CallRcu(page.RcuHead, FreeNothing);
            var first = Page.FromLru(m.ListFirstEntry(mm.Context.PgtableList));
            m.ListDel(first.Lru);
        }).AssertClean();
    }

    [Fact]
    public void RelistingAQueuedPage_OverwritesTheCallback_AndIsReported()
    {
        // Only while the callback is still queued: DPOR finds the schedule where the list_add comes first.
        var report = KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.CallRcu(page.RcuHead, FreeNothing);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
        }, KernelRuns.Dpor()).AssertFinds(FindingKinds.ListCorruption);

        Assert.Contains("list_add writes lru", report);
        Assert.Contains("of a queued rcu_head", report);
    }

    private static void FreeNothing(RcuHead head)
    {
    }
}
