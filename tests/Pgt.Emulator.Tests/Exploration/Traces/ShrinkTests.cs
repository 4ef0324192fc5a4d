using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Traces;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Exploration.Support;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Traces;

/// <summary>
/// The shrinker: a finding's schedule found by a random search is cut down to the fewest preemptions,
/// then the fewest steps, with the same finding; the report says by how much, replay of the shrunk trace
/// gives the same report byte for byte, and the same search gives the same shrunk schedule.
/// </summary>
public class ShrinkTests
{
    /// <summary>
    /// Two unlocked increments among strands that only write words of their own; the second increment to
    /// finish fails when the counter is not 2.
    /// </summary>
    private static Scenario NoisyLostUpdate() => new("noisy-lost-update", execution =>
    {
        var memory = new SharedWords(execution, 6);
        var done = 0;
        for (var i = 0; i < 4; i++)
        {
            var word = i + 1;
            execution.Spawn($"noise{i}", () =>
            {
                for (var n = 0; n < 6; n++)
                {
                    memory.Write(word, (ulong)n);
                }
            });
        }

        foreach (var name in new[] { "inc-a", "inc-b" })
        {
            execution.Spawn(name, () =>
            {
                var seen = memory.Read(0);
                memory.Write(0, seen + 1);
                if (++done == 2 && memory.Peek(0) != 2)
                {
                    // Raised at once, by the second writer: the strands not involved need not have run.
                    execution.Fail(new Finding("lost-update", "BUG: EMU: lost update: an increment overwrote another", []));
                }
            });
        }
    });

    private static ExplorationOptions RandomSearch(bool shrink) => new()
    {
        Strategy = StrategyKind.Random,
        Seed = 5,
        MaxExecutions = 2000,
        Shrink = shrink,
    };

    [Fact]
    public void ARandomSchedule_ShrinksToOnePreemptionAndFewerSteps()
    {
        var found = Explorer.Explore(NoisyLostUpdate(), RandomSearch(shrink: false)).FirstFinding!;
        var shrunk = Explorer.Explore(NoisyLostUpdate(), RandomSearch(shrink: true)).FirstFinding!;

        Assert.True(found.Schedule.Preemptions > 1, $"the random schedule has {found.Schedule.Preemptions} preemptions");
        Assert.Equal(found.Finding.Kind, shrunk.Finding.Kind);
        Assert.Equal(found.Finding.Title, shrunk.Finding.Title);
        Assert.Equal(1, shrunk.Schedule.Preemptions); // a lost update needs one switch between a read and its write
        Assert.True(shrunk.Schedule.Step < found.Schedule.Step, $"{shrunk.Schedule.Step} steps, found with {found.Schedule.Step}");
        Assert.Equal(new ShrinkOrigin(found.Schedule.Step, found.Schedule.Preemptions), shrunk.Schedule.Shrunk);
        Assert.Contains(
            $"Shrunk: shrunk from {found.Schedule.Step} steps/{found.Schedule.Preemptions} preemptions to {shrunk.Schedule.Step}/1\n",
            TextReportWriter.Render(shrunk),
            StringComparison.Ordinal);
    }

    [Fact]
    public void TheShrunkTrace_ReplaysToTheSameReport_ThroughItsFile()
    {
        var shrunk = Explorer.Explore(NoisyLostUpdate(), RandomSearch(shrink: true)).FirstFinding!;
        var path = Path.Combine(Path.GetTempPath(), $"pgt-shrink-{Guid.NewGuid():N}.json");
        try
        {
            TraceFile.Save(shrunk.Trace, path);
            var loaded = TraceFile.Load(path);
            var replayed = Explorer.Replay(NoisyLostUpdate(), loaded);

            Assert.Equal(shrunk.Trace.Shrunk, loaded.Shrunk);
            Assert.Null(replayed.Divergence);
            Assert.Equal(TextReportWriter.Render(shrunk, path), TextReportWriter.Render(replayed.Finding!, path));
            Assert.Equal(JsonReportWriter.Render(shrunk, path), JsonReportWriter.Render(replayed.Finding!, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Shrinking_IsDeterministic()
    {
        var first = Explorer.Explore(NoisyLostUpdate(), RandomSearch(shrink: true)).FirstFinding!;
        var second = Explorer.Explore(NoisyLostUpdate(), RandomSearch(shrink: true)).FirstFinding!;

        Assert.Equal(TextReportWriter.Render(first), TextReportWriter.Render(second));
        Assert.True(first.Trace.SameSchedule(second.Trace));
    }

    [Fact]
    public void AKernelFinding_KeepsItsKindAndPlace_WithNoMorePreemptions()
    {
        var scenario = GupFastVsRetract.Create(RetractFree.Immediate);
        var found = Explorer.Explore(scenario, KernelRuns.Pct(5000)).FirstFinding!;
        var shrunk = Explorer.Explore(scenario, KernelRuns.Pct(5000) with { Shrink = true }).FirstFinding!;

        Assert.Equal(FindingKinds.UseAfterFree, shrunk.Finding.Kind);
        Assert.Equal(found.Finding.Title, shrunk.Finding.Title);
        Assert.True(
            shrunk.Schedule.Preemptions < found.Schedule.Preemptions
            || (shrunk.Schedule.Preemptions == found.Schedule.Preemptions && shrunk.Schedule.Step <= found.Schedule.Step),
            $"{shrunk.Schedule.Preemptions}/{shrunk.Schedule.Step} against {found.Schedule.Preemptions}/{found.Schedule.Step}");
        Assert.Equal(TextReportWriter.Render(shrunk), TextReportWriter.Render(Explorer.Replay(scenario, shrunk.Trace).Finding!));
    }

    [Fact]
    public void WithoutShrinking_TheReportHasNoShrunkLine()
    {
        var found = Explorer.Explore(NoisyLostUpdate(), RandomSearch(shrink: false)).FirstFinding!;

        Assert.Null(found.Schedule.Shrunk);
        Assert.DoesNotContain("Shrunk:", TextReportWriter.Render(found), StringComparison.Ordinal);
        Assert.DoesNotContain("\"shrunk\"", TraceFile.ToJson(found.Trace), StringComparison.Ordinal);
    }
}
