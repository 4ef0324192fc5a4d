using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class DebugObjectsTests
{
    private static void Nothing(RcuHead head)
    {
    }

    [Fact]
    public void SecondCallRcuOnAQueuedHead_IsADoubleCallRcu()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.RcuReadLock(); // the first callback cannot run before the second call_rcu
            m.CallRcu(page.RcuHead, Nothing);
            m.CallRcu(page.RcuHead, Nothing);
            m.RcuReadUnlock();
        }).AssertFinds(FindingKinds.DoubleCallRcu);

        Assert.Contains("ODEBUG: activate active (active state 0) object: ", report);
        Assert.Contains("object type: rcu_head hint: 0x0", report);
        Assert.Contains("rcu: __call_rcu_common(): Double-freed CB ", report);
        Assert.Contains("->Nothing+0x0/0x100()!!!", report);
        Assert.Contains("First call_rcu, still queued by T0", report);
    }

    [Fact]
    public void CallRcuAgainAfterTheCallbackRan_IsClean() =>
        KernelRuns.Explore(m =>
        {
            var page = m.AllocPage();
            m.CallRcu(page.RcuHead, Nothing);
            m.RcuBarrier();
            m.CallRcu(page.RcuHead, Nothing);
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void PlainStoreOverAQueuedHead_IsReported()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.RcuReadLock();
            m.CallRcu(page.RcuHead, Nothing);
            m.Store(page.PmdHugePte, 0x5000);
            m.RcuReadUnlock();
        }).AssertFinds(FindingKinds.RcuHeadOverwritten);

        Assert.Contains("store writes pmd_huge_pte over rcu_head.func of a queued rcu_head", report);
    }

    [Fact]
    public void FreeingAPageWhoseHeadIsQueued_IsABadRelease()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.RcuReadLock();
            m.CallRcu(page.RcuHead, Nothing);
            m.FreePage(page);
            m.RcuReadUnlock();
        }).AssertFinds(FindingKinds.BadPageRelease);

        Assert.Contains("ODEBUG: free active (active state 0) object: ", report);
    }

    [Fact]
    public void WithDebugObjectsOff_TheOverwrittenCallbackIsCalledThroughAListPointer()
    {
        var options = new MachineOptions { Checkers = CheckerSet.All & ~CheckerSet.DebugObjects };
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.RcuReadLock();
            m.CallRcu(page.RcuHead, Nothing);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.RcuReadUnlock();
        }, options).AssertFinds(FindingKinds.CorruptedCallback);

        Assert.Contains("rcu_head.func is not a function", report);
        Assert.Contains("last written AS lru.prev by T0 \"main\" (CPU0) list_add", report);
    }
}
