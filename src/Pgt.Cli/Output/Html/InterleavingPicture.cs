using System.Globalization;
using System.Text.RegularExpressions;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Reports;

namespace Pgt.Cli.Output.Html;

/// <summary>
/// What the HTML page of a finding draws, read from what a finding carries today: the trace's decisions
/// (which strand ran each step, and what it did), and the report's sections, whose headings name events
/// as <c>... by T2 "khugepaged" (CPU2) at step 78:</c> followed by the event's stack, and whose reader
/// sections say <c>(... since step 42)</c>. The first event is the bad access; every later event with a
/// stack is history that made it bad, linked to it. When the emulator emits typed events, this is the one
/// class to feed from them instead.
/// </summary>
public sealed partial record InterleavingPicture(
    string Scenario,
    string Title,
    string Kind,
    int FindingStep,
    IReadOnlyList<string> Strands,
    IReadOnlyList<PictureStep> Steps,
    IReadOnlyList<PictureMark> Marks,
    IReadOnlyList<PictureBand> Bands,
    string Report)
{
    public static InterleavingPicture From(FoundFinding found, string? tracePath)
    {
        ArgumentNullException.ThrowIfNull(found);
        var trace = found.Trace;
        var steps = trace.Decisions
            .Where(decision => decision.Kind == DecisionKind.Strand)
            .Select(decision => new PictureStep(decision.Step, decision.Value, Describe(decision.Operation), decision.IsPreemption))
            .ToList();
        var marks = new List<PictureMark>();
        var bands = new List<PictureBand>();
        foreach (var section in found.Finding.Sections)
        {
            if (Event().Match(section.Heading) is { Success: true } happened)
            {
                var label = happened.Groups["label"].Value.Trim();
                marks.Add(new PictureMark(
                    Number(happened.Groups["step"].Value),
                    Number(happened.Groups["strand"].Value),
                    Classify(label, first: marks.Count == 0),
                    label,
                    section.Lines.Select(line => line.Trim()).Where(line => line.Length > 0).ToList()));
            }
            else if (ReaderSection().Match(section.Heading) is { Success: true } reader)
            {
                bands.Add(new PictureBand(
                    Number(reader.Groups["strand"].Value),
                    Number(reader.Groups["since"].Value),
                    found.Schedule.Step,
                    reader.Groups["how"].Value.Trim()));
            }
        }

        return new InterleavingPicture(
            trace.Scenario,
            found.Finding.Title,
            found.Finding.Kind,
            found.Schedule.Step,
            trace.Strands,
            steps,
            marks,
            bands,
            TextReportWriter.Render(found, tracePath));
    }

    /// <summary>The event kinds the page colours; the first event of a report is the access that went wrong.</summary>
    public static string Classify(string label, bool first)
    {
        var text = label.ToLowerInvariant();
        return first ? "access"
            : text.Contains("detach", StringComparison.Ordinal) ? "detach"
            : text.Contains("queue", StringComparison.Ordinal) || text.Contains("call_rcu", StringComparison.Ordinal) ? "queue"
            : text.Contains("free", StringComparison.Ordinal) ? "free"
            : text.Contains("reuse", StringComparison.Ordinal) || text.Contains("handed out", StringComparison.Ordinal) || text.Contains("allocated", StringComparison.Ordinal) ? "reuse"
            : "event";
    }

    private static string Describe(Operation operation)
    {
        var accesses = Enumerable.Range(0, Math.Max(1, operation.AccessCount)).Select(i =>
        {
            var (kind, resource) = i == 0 ? (operation.Kind, operation.Resource) : operation.Access(i);
            return string.Create(CultureInfo.InvariantCulture, $"{kind} 0x{resource:x}");
        });
        return string.Join(" & ", accesses);
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<label>.+?) by T(?<strand>\d+) ""[^""]*"" \(CPU\d+\) at step (?<step>\d+):?$")]
    private static partial Regex Event();

    [GeneratedRegex(@"^(?<what>.+?) section: T(?<strand>\d+) ""[^""]*"" \(CPU\d+\) \((?<how>[^()]*?) since step (?<since>\d+)\):?$")]
    private static partial Regex ReaderSection();
}

/// <summary>One scheduling point: the strand that ran and the operation it performed.</summary>
public sealed record PictureStep(int Step, int Strand, string Action, bool Preemption);

/// <summary>An event of the report at a step of a strand, with its kind (access, detach, queue, free, reuse, event) and stack.</summary>
public sealed record PictureMark(int Step, int Strand, string Kind, string Label, IReadOnlyList<string> Stack);

/// <summary>A strand's reader section (irq-off, rcu_read_lock) from its start to the finding.</summary>
public sealed record PictureBand(int Strand, int From, int To, string Label);
