using Pgt.Benchmarks.Measurement;

namespace Pgt.Benchmarks.Report;

/// <summary>Collects the tables as sections finish (printing each at once) and the target checks for the end.</summary>
internal sealed class BenchReport
{
    private readonly TextWriter _output;
    private readonly List<TargetCheck> _checks = new();

    public BenchReport(TextWriter output) => this._output = output;

    public IReadOnlyList<TargetCheck> Checks => _checks;

    public void Add(ReportTable table) => table.Print(_output);

    public void Check(string figure, string measured, string target, bool met) =>
        _checks.Add(new TargetCheck(figure, measured, target, met));

    public void Line(string text)
    {
        _output.WriteLine(text);
        _output.Flush();
    }

    public void PrintTargets(string loadAtStart, TimeSpan elapsed)
    {
        var table = new ReportTable("Targets", "figure", "measured", "target", "verdict");
        foreach (var check in _checks)
        {
            table.Add(check.Figure, check.Measured, check.Target, Format.Met(check.Met));
        }

        table.Notes.Add($"Load average at start: {loadAtStart}; at end: {MachineInfo.ReadLoadAverage()}. Whole run: {elapsed.TotalSeconds:F0} s.");
        table.Print(_output);
    }
}
