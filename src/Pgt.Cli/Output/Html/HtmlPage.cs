using System.Globalization;
using System.Net;
using System.Text;

namespace Pgt.Cli.Output.Html;

/// <summary>
/// One self-contained HTML page per finding: a lane per strand over the steps (a tick where the strand
/// ran), reader sections as bands, the report's events as marks (access, detach, queue, free, reuse),
/// the access linked to each event that made it bad, a mark's stack shown on hover, and the report beside
/// it. No external resource and no wall-clock value: the same finding gives the same bytes.
/// </summary>
public static class HtmlPage
{
    private const int LaneHeight = 40;
    private const int LabelWidth = 130;
    private const int AxisHeight = 24;
    private const int PlotWidth = 680;

    public static string Render(InterleavingPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var lastStep = Math.Max(picture.FindingStep, picture.Steps.Count == 0 ? 0 : picture.Steps.Max(step => step.Step));
        var stepWidth = Math.Clamp(PlotWidth / (double)(lastStep + 1), 1.0, 14.0);
        double X(int step) => LabelWidth + (step * stepWidth);
        double Y(int strand) => AxisHeight + (strand * LaneHeight);
        var width = (int)Math.Ceiling(X(lastStep + 1)) + 20;
        var height = AxisHeight + (picture.Strands.Count * LaneHeight) + 10;

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"lanes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n"));
        for (var strand = 0; strand < picture.Strands.Count; strand++)
        {
            svg.Append(Invariant($"<g class=\"lane\" data-strand=\"{strand}\"><rect class=\"lane-bg\" x=\"0\" y=\"{Y(strand)}\" width=\"{width}\" height=\"{LaneHeight}\"/>"));
            svg.Append(Invariant($"<text class=\"lane-name\" x=\"6\" y=\"{Y(strand) + 24}\">T{strand} {Escape(picture.Strands[strand])}</text></g>\n"));
        }

        var tick = TickSpacing(lastStep);
        for (var step = 0; step <= lastStep; step += tick)
        {
            svg.Append(Invariant($"<text class=\"axis\" x=\"{X(step):0.#}\" y=\"15\">{step}</text>"));
        }

        svg.Append('\n');
        foreach (var band in picture.Bands)
        {
            svg.Append(Invariant($"<rect class=\"band\" data-strand=\"{band.Strand}\" x=\"{X(band.From):0.#}\" y=\"{Y(band.Strand) + 4}\" width=\"{Math.Max(stepWidth, (band.To - band.From + 1) * stepWidth):0.#}\" height=\"{LaneHeight - 8}\"><title>{Escape(band.Label)} section, steps {band.From}-{band.To}</title></rect>\n"));
        }

        foreach (var step in picture.Steps)
        {
            svg.Append(Invariant($"<rect class=\"run{(step.Preemption ? " preempt" : "")}\" x=\"{X(step.Step):0.#}\" y=\"{Y(step.Strand) + 14}\" width=\"{Math.Max(1, stepWidth - 0.5):0.#}\" height=\"12\"><title>#{step.Step} T{step.Strand} {Escape(step.Action)}</title></rect>"));
        }

        svg.Append('\n');
        var access = picture.Marks.FirstOrDefault(mark => mark.Kind == "access");
        foreach (var mark in picture.Marks.Where(mark => access is not null && mark != access))
        {
            svg.Append(Invariant($"<line class=\"link\" x1=\"{Center(X, access!.Step, stepWidth):0.#}\" y1=\"{Y(access.Strand) + 20}\" x2=\"{Center(X, mark.Step, stepWidth):0.#}\" y2=\"{Y(mark.Strand) + 20}\"/>\n"));
        }

        for (var i = 0; i < picture.Marks.Count; i++)
        {
            var mark = picture.Marks[i];
            svg.Append(Invariant($"<circle class=\"mark {mark.Kind}\" id=\"mark-{i}\" data-kind=\"{mark.Kind}\" data-step=\"{mark.Step}\" data-strand=\"{mark.Strand}\" cx=\"{Center(X, mark.Step, stepWidth):0.#}\" cy=\"{Y(mark.Strand) + 20}\" r=\"7\">"));
            svg.Append("<title>").Append(Escape(Describe(mark))).Append("</title></circle>\n");
        }

        svg.Append("</svg>\n");

        var marks = new StringBuilder();
        for (var i = 0; i < picture.Marks.Count; i++)
        {
            var mark = picture.Marks[i];
            marks.Append(Invariant($"<li class=\"{mark.Kind}\" data-mark=\"mark-{i}\"><b>#{mark.Step} T{mark.Strand}</b> {Escape(mark.Kind)}: {Escape(mark.Label)}<pre class=\"stack\" id=\"stack-mark-{i}\">{Escape(string.Join('\n', mark.Stack))}</pre></li>\n"));
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<title>").Append(Escape($"{picture.Scenario}: {picture.Kind}")).Append("</title>\n");
        page.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        page.Append("<h1>").Append(Escape(picture.Title)).Append("</h1>\n");
        page.Append(Invariant($"<p class=\"summary\">Scenario <b>{Escape(picture.Scenario)}</b>: {picture.Strands.Count} strands, finding at step {picture.FindingStep}. A tick is a step a strand ran; a band is a reader section; circles are the report's events, the access linked to each event that made it bad. Hover a circle for its stack.</p>\n"));
        page.Append("<div class=\"legend\"><span class=\"access\">access</span><span class=\"detach\">detach</span><span class=\"queue\">queue</span><span class=\"free\">free</span><span class=\"reuse\">allocation / reuse</span><span class=\"event\">other event</span><span class=\"bandkey\">reader section</span></div>\n");
        page.Append("<div class=\"layout\">\n<div class=\"picture\">\n<div class=\"scroll\">\n").Append(svg).Append("</div>\n");
        page.Append("<div id=\"hover\" class=\"hover\">Hover a mark to see its stack.</div>\n");
        page.Append("<ol class=\"marks\">\n").Append(marks).Append("</ol>\n</div>\n");
        page.Append("<pre class=\"report\" id=\"report\">").Append(Escape(picture.Report)).Append("</pre>\n</div>\n");
        page.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static string Describe(PictureMark mark) =>
        Invariant($"#{mark.Step} T{mark.Strand} {mark.Kind}: {mark.Label}") + (mark.Stack.Count > 0 ? "\n" + string.Join('\n', mark.Stack) : "");

    private static double Center(Func<int, double> x, int step, double stepWidth) => x(step) + (stepWidth / 2);

    private static int TickSpacing(int lastStep)
    {
        foreach (var spacing in new[] { 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 })
        {
            if (lastStep / spacing <= 12)
            {
                return spacing;
            }
        }

        return 10000;
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const string Style = """
        body { font: 14px system-ui, sans-serif; margin: 16px; color: #222; }
        h1 { font: bold 16px ui-monospace, monospace; margin: 0 0 6px; }
        .summary { margin: 0 0 8px; color: #444; }
        .layout { display: flex; gap: 16px; align-items: flex-start; }
        .picture { flex: 0 1 840px; min-width: 0; }
        .scroll { overflow-x: auto; border: 1px solid #ccc; }
        .report { flex: 1 1 0; min-width: 0; max-height: 90vh; overflow: auto; font: 11px ui-monospace, monospace; background: #f6f6f6; padding: 8px; margin: 0; }
        .lane-bg { fill: #fff; stroke: #e4e4e4; }
        .lane-name { font: 12px ui-monospace, monospace; fill: #333; }
        .axis { font: 10px ui-monospace, monospace; fill: #777; }
        .run { fill: #9db4d0; }
        .run.preempt { fill: #d08a2e; }
        .band { fill: #f3d98b; opacity: 0.55; }
        .link { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 4 3; }
        .mark { stroke: #222; stroke-width: 1; cursor: pointer; }
        .mark.access, .legend .access::before, .marks .access::marker { fill: #c0392b; color: #c0392b; }
        .mark.detach, .legend .detach::before, .marks .detach::marker { fill: #8e44ad; color: #8e44ad; }
        .mark.queue, .legend .queue::before, .marks .queue::marker { fill: #2980b9; color: #2980b9; }
        .mark.free, .legend .free::before, .marks .free::marker { fill: #222; color: #222; }
        .mark.reuse, .legend .reuse::before, .marks .reuse::marker { fill: #27ae60; color: #27ae60; }
        .mark.event, .legend .event::before, .marks .event::marker { fill: #999; color: #999; }
        .mark.active { stroke-width: 3; }
        .legend span { margin-right: 14px; }
        .legend span::before { content: "\25CF "; }
        .legend .bandkey::before { content: "\25A0 "; color: #f3d98b; }
        .hover { white-space: pre; font: 12px ui-monospace, monospace; background: #fffbe6; border: 1px solid #e6d48a; padding: 6px; margin: 8px 0; min-height: 3em; }
        .marks { font: 12px ui-monospace, monospace; padding-left: 20px; }
        .marks .stack { margin: 2px 0 6px; color: #555; }

        """;

    private const string Script = """
        (function () {
          var hover = document.getElementById("hover");
          var marks = document.querySelectorAll("circle.mark");
          marks.forEach(function (mark) {
            mark.addEventListener("mouseenter", function () {
              marks.forEach(function (other) { other.classList.remove("active"); });
              mark.classList.add("active");
              var stack = document.getElementById("stack-" + mark.id);
              var title = mark.querySelector("title").textContent.split("\n")[0];
              hover.textContent = title + "\n" + (stack ? stack.textContent : "");
            });
          });
        })();

        """;
}
