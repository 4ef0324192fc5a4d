using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Traces;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>Kernel reports depend only on the schedule: same seed, same bytes; a trace replays to the same bytes.</summary>
public class DeterminismTests
{
    public static TheoryData<RetractFree> Buggy => new() { RetractFree.Immediate, RetractFree.WriteAfterDefer };

    [Theory]
    [MemberData(nameof(Buggy))]
    public void SameSeed_SameReportBytes(RetractFree variant)
    {
        var first = Explorer.Explore(GupFastVsRetract.Create(variant), KernelRuns.Pct(3000, seed: 42));
        var second = Explorer.Explore(GupFastVsRetract.Create(variant), KernelRuns.Pct(3000, seed: 42));

        Assert.NotNull(first.FirstFinding);
        Assert.Equal(TextReportWriter.Render(first.FirstFinding), TextReportWriter.Render(second.FirstFinding!));
        Assert.Equal(JsonReportWriter.Render(first.FirstFinding), JsonReportWriter.Render(second.FirstFinding!));
    }

    [Theory]
    [MemberData(nameof(Buggy))]
    public void SavedTrace_ReplaysToTheSameReport(RetractFree variant)
    {
        var scenario = GupFastVsRetract.Create(variant);
        var found = Explorer.Explore(scenario, KernelRuns.Dpor()).FirstFinding!;
        var trace = TraceFile.FromJson(TraceFile.ToJson(found.Trace));

        var replay = Explorer.Replay(scenario, trace);

        Assert.Null(replay.Divergence);
        Assert.NotNull(replay.Finding);
        Assert.Equal(TextReportWriter.Render(found), TextReportWriter.Render(replay.Finding));
    }

    [Fact]
    public void AResetMachine_BehavesAsANewOne()
    {
        Machine? reused = null;
        var reports = new List<string>();
        foreach (var fresh in new[] { true, false, false })
        {
            var scenario = new Scenario("reset", e =>
            {
                Machine m;
                if (fresh || reused is null)
                {
                    m = reused = new Machine(e);
                }
                else
                {
                    m = reused;
                    m.Reset(e);
                }

                GupFastVsRetract.Run(m, RetractFree.Immediate);
            });
            var result = Explorer.Explore(scenario, KernelRuns.Dpor());
            reports.Add(TextReportWriter.Render(result.FirstFinding!));
        }

        Assert.Equal(reports[0], reports[1]);
        Assert.Equal(reports[0], reports[2]);
    }
}
