using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class LockdepTests
{
    /// <summary>Gerald's M9: an RCU callback takes context.lock with spin_lock_bh; process context takes it with plain spin_lock.</summary>
    private static void ContextLockFromCallbackAndProcess(Machine m, bool processUsesBh)
    {
        var mm = m.MmAlloc();
        var page = m.AllocPage();
        m.CallRcu(page.RcuHead, head =>
        {
            var hm = head.Machine;
            hm.SpinLockBh(mm.Context.Lock);
            hm.SpinUnlockBh(mm.Context.Lock);
        });
        if (processUsesBh)
        {
            m.SpinLockBh(mm.Context.Lock);
            m.SpinUnlockBh(mm.Context.Lock);
        }
        else
        {
            using var frame = m.Enter("__tlb_flush_mm_lazy");
            m.SpinLock(mm.Context.Lock);
            m.SpinUnlock(mm.Context.Lock);
        }
    }

    [Fact]
    public void LockTakenFromSoftirqAndWithSoftirqsOn_IsInconsistentLockState()
    {
        var result = KernelRuns.Explore(m => ContextLockFromCallbackAndProcess(m, processUsesBh: false),
            KernelRuns.Dpor() with { StopAtFirstFinding = false });

        var report = result.AssertFinds(FindingKinds.LockContextMismatch);
        var titles = result.Findings.Select(f => f.Finding.Title).ToList();
        Assert.Contains(titles, t => t.Contains("inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage", StringComparison.Ordinal)
            || t.Contains("inconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("self-deadlock on CPU0", StringComparison.Ordinal));
        Assert.Contains("&mm->context.lock", report);
    }

    [Fact]
    public void LockTakenWithBhEverywhere_IsClean() =>
        KernelRuns.Explore(m => ContextLockFromCallbackAndProcess(m, processUsesBh: true), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void TakingALockTwice_IsRecursiveLocking() =>
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            m.SpinLock(mm.Context.Lock);
            m.SpinLock(mm.Context.Lock);
        }).AssertFinds(FindingKinds.RecursiveLocking);

    [Fact]
    public void LockdepAssertHeld_FailsWithoutTheLock_AndHoldsWithIt()
    {
        KernelRuns.Once(m => m.LockdepAssertHeld(m.MmAlloc().Context.Lock)).AssertFinds(FindingKinds.LockNotHeld);
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            m.SpinLockBh(mm.Context.Lock);
            m.LockdepAssertHeld(mm.Context.Lock);
            m.SpinUnlockBh(mm.Context.Lock);
        }).AssertClean();
    }

    [Fact]
    public void LockingTheDestroyedPtlOfATable_IsBadMagic()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.PgtablePteCtor(page);
            m.PgtablePteDtor(page);
            m.SpinLock(page.Ptl);
        }).AssertFinds(FindingKinds.BadSpinlock);

        Assert.Contains("BUG: spinlock bad magic on CPU#0", report);
        Assert.Contains("was last written as ptl by T0 \"main\" (CPU0) pgtable_pte_page_dtor", report);
    }

    [Fact]
    public void UnlockingAnUnlockedLock_IsReported() =>
        KernelRuns.Once(m => m.SpinUnlock(m.MmAlloc().Context.Lock)).AssertFinds(FindingKinds.BadSpinlock);

    [Fact]
    public void StrandEndingInsideAnRcuSection_IsUnbalanced() =>
        KernelRuns.Once(m => m.Spawn("leaky", () => m.RcuReadLock())).AssertFinds(FindingKinds.UnbalancedContext);

    [Fact]
    public void SpinlocksExcludeEachOther()
    {
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var word = m.AllocPage().PhysAddr;
            for (var i = 0; i < 2; i++)
            {
                m.Spawn($"incrementer{i}", () =>
                {
                    m.SpinLockBh(mm.Context.Lock);
                    m.Store(word, m.Load(word) + 1);
                    m.SpinUnlockBh(mm.Context.Lock);
                });
            }

            m.Execution.AtEnd(() => Assert.Equal(2UL, m.Memory.Peek(word)));
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);
    }
}
