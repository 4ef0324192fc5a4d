using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Scenarios;

/// <summary>gup_fast racing khugepaged's retract: the canonical scenario of the benchmarks.</summary>
public class CanonicalScenarioTests
{
    [Fact]
    public void DeferredFree_IsClean_UnderExhaustiveDpor() =>
        Explorer.Explore(GupFastVsRetract.Create(RetractFree.Deferred), KernelRuns.Dpor(50_000)).AssertClean(exhaustive: true);

    [Fact]
    public void DeferredFree_IsClean_UnderRandom() =>
        Explorer.Explore(GupFastVsRetract.Create(RetractFree.Deferred), KernelRuns.Random(300)).AssertClean();

    [Fact]
    public void ImmediateFree_IsAUseAfterFreeInGupFast()
    {
        var report = Explorer.Explore(GupFastVsRetract.Create(RetractFree.Immediate), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.UseAfterFree);

        Assert.Contains("BUG: EMU: use-after-free in gup_pte_range (pte fragment 0 of page", report);
        Assert.Contains("BUG: KASAN: use-after-free in gup_pte_range", report);
        Assert.Contains("Freed by T", report);
        Assert.Contains("pte_free", report);
    }

    [Fact]
    public void ImmediateFree_IsFoundByPctToo() =>
        Explorer.Explore(GupFastVsRetract.Create(RetractFree.Immediate), KernelRuns.Pct(5000))
            .AssertFinds(FindingKinds.UseAfterFree);

    [Fact]
    public void WriteAfterDefer_IsAWriteAfterDeferredFree()
    {
        var report = Explorer.Explore(GupFastVsRetract.Create(RetractFree.WriteAfterDefer), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.WriteAfterDeferredFree);

        Assert.Contains("BUG: EMU: write-after-deferred-free in", report);
        Assert.Contains("Queued for RCU freeing by T", report);
        Assert.Contains("call_rcu", report);
        Assert.Contains("INIT_LIST_HEAD", report);
    }

    [Fact]
    public void Quarantine_ImmediateFree_StillFound() =>
        Explorer.Explore(GupFastVsRetract.Create(RetractFree.Immediate, new MachineOptions { Allocator = AllocatorMode.Quarantine }),
            KernelRuns.Dpor()).AssertFinds(FindingKinds.UseAfterFree);
}
