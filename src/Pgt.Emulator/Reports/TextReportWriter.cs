using System.Globalization;
using System.Text;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Reports;

/// <summary>
/// Renders a finding as KASAN and KCSAN print theirs: a rule, the title, the sections the checkers
/// filled, then the schedule and the last decisions, then a rule. Lines end in '\n' on every platform
/// and nothing depends on time, so a replay prints the same bytes.
/// </summary>
public static class TextReportWriter
{
    public const string Rule = "==================================================================";

    /// <param name="finding">The finding to render.</param>
    /// <param name="tracePath">Where its trace was saved, for the replay hint; null to leave the hint out.</param>
    public static string Render(FoundFinding finding, string? tracePath = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Render(finding.Finding, finding.Schedule, tracePath);
    }

    public static string Render(Finding finding, ScheduleSummary schedule, string? tracePath = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(schedule);
        var text = new StringBuilder();
        text.Append(Rule).Append('\n');
        text.Append(finding.Title).Append('\n');
        foreach (var section in finding.Sections)
        {
            if (section.Heading.Length > 0)
            {
                text.Append(section.Heading).Append('\n');
            }

            foreach (var line in section.Lines)
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        text.Append(Invariant($"Schedule: scenario={schedule.Scenario} strategy={schedule.Strategy} seed={schedule.Seed} "));
        text.Append(Invariant($"preemptions={schedule.Preemptions} step={schedule.Step}/{schedule.Steps}"));
        if (tracePath is not null)
        {
            text.Append(" ; replay: ").Append(ReplayHint(tracePath));
        }

        text.Append('\n');
        if (schedule.Shrunk is { } origin)
        {
            text.Append("Shrunk: ").Append(origin.Describe(schedule.Step, schedule.Preemptions)).Append('\n');
        }

        text.Append(Invariant($"Last {schedule.LastDecisions.Count} decisions:")).Append('\n');
        foreach (var decision in schedule.LastDecisions)
        {
            text.Append(Invariant($"  #{decision.Step} T{decision.Strand} \"{decision.StrandName}\" {decision.Action}"));
            if (decision.Enabled.Count > 0)
            {
                text.Append(" [").AppendJoin(' ', decision.Enabled.Select(id => Invariant($"T{id}"))).Append(']');
            }

            if (decision.Preemption)
            {
                text.Append(" preempts");
            }

            text.Append('\n');
        }

        text.Append(Rule).Append('\n');
        return text.ToString();
    }

    /// <summary>The command that replays a saved trace.</summary>
    public static string ReplayHint(string tracePath) => $"pgt replay {tracePath}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
