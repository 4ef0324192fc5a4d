using System.Globalization;
using System.Text;
using Pgt.Cli.Checking;
using Pgt.Cli.CommandLine;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Reports;

namespace Pgt.Cli.Output;

/// <summary>
/// The text form of a check: a header line, the summary table, what each clean verdict covered, why
/// each mismatch is one, the static diagnostics, the full report of every finding (the explorer's text
/// writer, byte for byte what <c>pgt replay</c> prints), and a closing count.
/// </summary>
public static class TextOutput
{
    /// <param name="report">The check.</param>
    /// <param name="tableWidth">Columns the summary table may take (its cells wrap to fit); 0 for no limit.</param>
    public static string Render(CheckReport report, int tableWidth = 0)
    {
        var text = new StringBuilder();
        var options = report.Options;
        text.Append(Invariant($"pgt check: {report.Files.Count} file(s), {report.Scenarios.Count} scenario(s)"));
        if (options.RunDynamic)
        {
            text.Append(Invariant($"; strategy {options.Strategy.ToString().ToLowerInvariant()}, seed {options.Seed}, up to {options.Iterations} executions of up to {options.MaxSteps} steps each"));
        }

        text.Append("\n\n").Append(SummaryTable.Render(report.Scenarios, tableWidth));
        AppendCoverage(text, report);
        AppendMismatches(text, report);
        AppendDiagnostics(text, report);
        AppendSkipped(text, report);
        AppendReports(text, report);
        text.Append('\n');
        if (report.Stopped is not null)
        {
            text.Append("Stopped early: ").Append(report.Stopped).Append('\n');
        }

        var ok = report.Scenarios.Count - report.Mismatches;
        text.Append(Invariant($"{report.Scenarios.Count} scenario(s): {ok} {SummaryTable.Ok}, {report.Mismatches} {SummaryTable.Mismatch}\n"));
        return text.ToString();
    }

    /// <summary>What a clean (or cut short) exploration covered, in words.</summary>
    public static string DescribeCoverage(DynamicResult dynamic, CheckOptions options)
    {
        var exploration = dynamic.Exploration!;
        var covered = Invariant($"no finding in {exploration.Executions} execution(s) ({exploration.Strategy})");
        return dynamic.Status switch
        {
            DynamicStatus.TimedOut => covered + "; the timeout cut the exploration short",
            DynamicStatus.Interrupted => covered + "; interrupted",
            _ when exploration.Exhausted && exploration.Shard is { } shard =>
                Invariant($"{covered}; shard {shard}'s part was exhausted ({Bounds(exploration, options)}); pgt merge of every shard gives the verdict"),
            _ when exploration.Exhausted =>
                Invariant($"verified: every schedule within the bounds explored ({exploration.Executions} executions, {exploration.Strategy}); bounds: {Bounds(exploration, options)}"),
            _ => covered + "; the execution budget was used up, the schedule space was not exhausted",
        };
    }

    /// <summary>The bounds an exhaustive verdict holds within: steps, the scenario's strands, any preemption bound.</summary>
    private static string Bounds(ExplorationResult exploration, CheckOptions options)
    {
        var preemptions = exploration.PreemptionBound is { } bound
            ? Invariant($"at most {bound} preemption(s)")
            : "no preemption bound";
        return Invariant(
            $"at most {options.MaxSteps} steps per execution (longest {exploration.LongestExecution}), the scenario's {exploration.MostStrands} strands, {preemptions}");
    }

    private static void AppendCoverage(StringBuilder text, CheckReport report)
    {
        var covered = report.Scenarios
            .Where(result => result.Dynamic.Exploration is not null && result.Dynamic.Status != DynamicStatus.Finding)
            .ToList();
        if (covered.Count == 0)
        {
            return;
        }

        text.Append("\nClean verdicts cover:\n");
        foreach (var result in covered)
        {
            text.Append("  ").Append(result.Scenario.Name).Append(": ").Append(DescribeCoverage(result.Dynamic, report.Options)).Append('\n');
        }
    }

    private static void AppendMismatches(StringBuilder text, CheckReport report)
    {
        var mismatches = report.Scenarios.Where(result => !result.Matches).ToList();
        if (mismatches.Count == 0)
        {
            return;
        }

        text.Append("\nMismatches:\n");
        foreach (var result in mismatches)
        {
            text.Append("  ").Append(result.Scenario.Name).Append(" (")
                .Append(result.Scenario.File.DisplayPath).Append(':').Append(result.Scenario.Line.ToString(CultureInfo.InvariantCulture))
                .Append("): ").Append(string.Join("; ", result.Mismatches)).Append('\n');
        }
    }

    private static void AppendDiagnostics(StringBuilder text, CheckReport report)
    {
        if (report.Diagnostics is not { Count: > 0 } diagnostics)
        {
            return;
        }

        text.Append("\nStatic diagnostics:\n");
        foreach (var diagnostic in diagnostics)
        {
            text.Append("  ").Append(diagnostic.ToString());
            if (diagnostic.ContextType is not null)
            {
                text.Append(" [in ").Append(diagnostic.ContextType).Append(", used by the checked files]");
            }

            text.Append('\n');
        }
    }

    private static void AppendSkipped(StringBuilder text, CheckReport report)
    {
        if (report.Skipped is not { Count: > 0 } skipped)
        {
            return;
        }

        text.Append("\nNot analysed (the static verdict does not cover these bodies):\n");
        foreach (var entry in skipped)
        {
            text.Append("  ").Append(entry.Position.Path)
                .Append(Invariant($"({entry.Position.Line},{entry.Position.Column}): "))
                .Append(entry.Member).Append(": ").Append(entry.Describe())
                .Append(" (").Append(string.Join(",", entry.Rules)).Append(")\n");
        }
    }

    private static void AppendReports(StringBuilder text, CheckReport report)
    {
        var findings = report.Scenarios.Where(result => result.Dynamic.Finding is not null).ToList();
        if (findings.Count == 0)
        {
            return;
        }

        text.Append("\nReports:\n");
        for (var i = 0; i < findings.Count; i++)
        {
            text.Append(i == 0 ? "" : "\n").Append(TextReportWriter.Render(findings[i].Dynamic.Finding!, findings[i].Dynamic.TracePath));
        }

        if (findings.Any(result => result.Dynamic.TracePath is null))
        {
            // Without saved traces the reports name no replay command: say how to get one (the same options
            // and seed explore the same schedules, so the run finds the same reports again).
            text.Append("\nTo replay a report: run this command again with --trace-dir DIR, then pgt replay DIR/<scenario>-<kind>.trace.json\n");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
