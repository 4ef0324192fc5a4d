using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Designs;

/// <summary>
/// Small concurrent scenarios under PCT with a fixed seed and a bounded budget: each design the review
/// rejected shows its bug class, and the merged v6.6 and v6.8 designs stay clean in the same scenarios.
/// </summary>
public class DesignRaceTests
{
    private const int BugBudget = 1000;
    private const int CleanBudget = 400;

    public static TheoryData<string, string, string> Bugs() => new()
    {
        { "v6.4", "retract-immediate", FindingKinds.ReuseBeforeGracePeriod },
        { "v1", "retract-with-free-sibling", FindingKinds.ListCorruption },
        { "v1", "retract-both-halves", FindingKinds.DoubleCallRcu },
        { "gross", "munmap-vs-gup_fast", FindingKinds.WriteAfterDeferredFree },
        { "v2-draft", "munmap-vs-context-switch", FindingKinds.LockContextMismatch },
        { "v2-draft", "munmap-then-exit", FindingKinds.MmAfterFree },
    };

    public static TheoryData<string, string> CleanTwins()
    {
        var data = new TheoryData<string, string>
        {
            { "v6.4", "retract-mmap-write-locked" },
            { "v2-draft", "retract-both-halves" },
            // v2's global lock answers both of the draft's bugs, in the scenarios that show them.
            { "v2", "munmap-vs-context-switch" },
            { "v2", "munmap-then-exit" },
            { "v2", "retract-both-halves" },
        };
        foreach (var design in new[] { "v6.6", "v6.8" })
        {
            foreach (var scenario in new[]
                     {
                         "retract-deferred", "retract-with-free-sibling", "retract-both-halves", "munmap-vs-gup_fast",
                         "munmap-vs-context-switch", "munmap-then-exit",
                     })
            {
                data.Add(design, scenario);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void RejectedDesign_ShowsItsBugClass(string design, string scenario, string kind) =>
        PortRuns.Explore(Build(design, scenario), PortRuns.Pct(BugBudget), name: $"{design}/{scenario}").AssertFinds(kind);

    [Theory]
    [MemberData(nameof(CleanTwins))]
    public void CorrectDesign_StaysClean(string design, string scenario) =>
        PortRuns.Explore(Build(design, scenario), PortRuns.Pct(CleanBudget), name: $"{design}/{scenario}").AssertClean();

    [Fact]
    public void TheImmediateReuse_IsReportedAgainstTheHalfHandedOutAgain()
    {
        var report = PortRuns.Explore(Build("v6.4", "retract-immediate"), PortRuns.Pct(BugBudget))
            .AssertFinds(FindingKinds.ReuseBeforeGracePeriod);

        Assert.Contains("is handed out again: its A bit is set again", report);
        Assert.Contains("page_table_alloc V64.cs", report);
        Assert.Contains("Table detached from its pmd by", report);
        Assert.Contains("Reader still in a covering section: T1 \"gup_fast\"", report);
    }

    /// <summary>
    /// The IPI fallback is no grace period for an RCU walker (the emulator's own tests show that), but no
    /// kernel pte_offset_map user can be in a table munmap frees: it holds mmap_read_lock and finds its VMA
    /// first, and munmap detaches the VMA under mmap_write_lock before it frees. Before the drivers took
    /// those locks this scenario reported reuse-before-grace-period on merged v6.6 (the removed catalogue #19).
    /// </summary>
    [Fact]
    public void IpiFallback_NoPteOffsetMapUserIsLeftInAMunmappedTable() =>
        PortRuns.Explore(Scenarios.MunmapVsWalkerAndFault("v6.6", rcuWalker: true), PortRuns.Pct(CleanBudget)).AssertClean();

    [Fact]
    public void IpiFallback_WaitsForGupFast_BecauseItsIrqsAreOff() =>
        PortRuns.Explore(Scenarios.MunmapVsWalkerAndFault("v6.6", rcuWalker: false), PortRuns.Pct(CleanBudget)).AssertClean();

    private static Action<Machine> Build(string design, string scenario) => scenario switch
    {
        "retract-immediate" => Scenarios.RetractVsGupFastAndFault(design, RetractKind.LocklessImmediate),
        "retract-deferred" => Scenarios.RetractVsGupFastAndFault(design, RetractKind.LocklessDeferred),
        "retract-mmap-write-locked" => Scenarios.RetractVsGupFastAndFault(design, RetractKind.MmapWriteLockedIpi),
        "retract-with-free-sibling" => Scenarios.RetractWithFreeSiblingVsFault(design),
        "retract-both-halves" => Scenarios.RetractBothHalves(design),
        "munmap-vs-gup_fast" => Scenarios.MunmapVsGupFast(design),
        "munmap-vs-context-switch" => Scenarios.MunmapVsContextSwitch(design),
        "munmap-then-exit" => Scenarios.MunmapThenExit(design),
        _ => throw new ArgumentException($"no scenario '{scenario}'", nameof(scenario)),
    };
}
