using System.Text.Json;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Reports;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;
using Xunit.Abstractions;

namespace Pgt.Emulator.Tests.Reports;

/// <summary>The KASAN-style text report and the JSON report.</summary>
public class ReportTests(ITestOutputHelper output)
{
    private static FoundFinding Busy() =>
        Explorer.Explore(Recorder.Busy(), new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 9 }).FirstFinding!;

    [Fact]
    public void TextReport_HasRules_TitleSections_ScheduleAndLastDecisions()
    {
        var found = Busy();

        var text = TextReportWriter.Render(found, "traces/busy.json");
        output.WriteLine(text);

        var lines = text.Split('\n');
        Assert.Equal(TextReportWriter.Rule, lines[0]);
        Assert.Equal(found.Finding.Title, lines[1]);
        Assert.Equal("Words", lines[2]);
        Assert.Equal("  " + found.Finding.Sections[0].Lines[0], lines[3]);
        Assert.Equal("  a line without heading", lines[4]);
        Assert.Equal(
            $"Schedule: scenario=busy strategy=pct(d=3) seed=9 preemptions={found.Schedule.Preemptions} step={found.Schedule.Step}/{found.Schedule.Steps} ; replay: pgt replay traces/busy.json",
            lines[5]);
        Assert.Equal("Last 12 decisions:", lines[6]);
        Assert.Equal(TextReportWriter.Rule, lines[^2]);
        Assert.Equal("", lines[^1]);
        Assert.Equal(12, lines[7..^2].Length);
        Assert.All(lines[7..^2], line => Assert.Matches(@"^  #\d+ T\d+ ""[\w-]+"" ", line));
    }

    [Fact]
    public void TextReport_ShowsOperationsEnabledSetsPreemptionsAndDataChoices()
    {
        var found = Explorer.Explore(Programs.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Dfs }).FirstFinding!;
        var choice = Explorer.Explore(
            new Scenario("choice", execution =>
            {
                _ = execution.ChooseInt(3, "cpu");
                execution.Fail(new Finding("k", "BUG: EMU: t", []));
            }),
            new ExplorationOptions()).FirstFinding!;

        var text = TextReportWriter.Render(found);
        output.WriteLine(text);

        Assert.Contains("#5 T2 \"inc-b\" local [T1 T2] preempts", text);
        Assert.Contains("W 0x1000 [", text);
        Assert.DoesNotContain("replay:", text);
        Assert.Matches(@"\n  #1 T0 ""main"" int=[012] of 3 \(cpu\)\n", TextReportWriter.Render(choice));
    }

    [Fact]
    public void JsonReport_HasAStableSchema()
    {
        var found = Busy();

        using var document = JsonDocument.Parse(JsonReportWriter.Render(found, "t.json"));
        var root = document.RootElement;

        Assert.Equal(
            ["schema", "schemaVersion", "kind", "title", "sections", "schedule"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pgt-report", root.GetProperty("schema").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(found.Finding.Title, root.GetProperty("title").GetString());
        var schedule = root.GetProperty("schedule");
        Assert.Equal(
            ["scenario", "strategy", "seed", "preemptions", "step", "steps", "replay", "lastDecisions"],
            schedule.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pgt replay t.json", schedule.GetProperty("replay").GetString());
        var decision = schedule.GetProperty("lastDecisions")[0];
        Assert.Equal(["step", "strand", "name", "action", "enabled", "preemption"], decision.EnumerateObject().Select(p => p.Name));
        Assert.Contains("\"title\": \"BUG: EMU: final state", JsonReportWriter.Render(found), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_ContainNoTimings()
    {
        var slow = Explorer.Explore(Recorder.Busy(), new ExplorationOptions { Strategy = StrategyKind.Pct, Seed = 9 }).FirstFinding!;
        Thread.Sleep(20);
        var later = Busy();

        Assert.NotEqual(TimeSpan.Zero, slow.Elapsed);
        Assert.Equal(TextReportWriter.Render(slow), TextReportWriter.Render(later));
        Assert.Equal(JsonReportWriter.Render(slow), JsonReportWriter.Render(later));
    }
}
