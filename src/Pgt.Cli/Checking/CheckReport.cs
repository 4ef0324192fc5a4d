using Pgt.Cli.CommandLine;
using Pgt.Cli.Static;

namespace Pgt.Cli.Checking;

/// <summary>Everything one <c>pgt check</c> found, which every output format renders.</summary>
/// <param name="Options">What was asked.</param>
/// <param name="Files">The checked files' display paths, in compilation order.</param>
/// <param name="Scenarios">One result per scenario, in declaration order.</param>
/// <param name="Diagnostics">Every PGT diagnostic charged to a checked file (null with --no-static).</param>
/// <param name="Stopped">Why the run stopped early (<c>timeout after 30 s</c>, <c>interrupted</c>); null when it ran to the end.</param>
/// <param name="Skipped">Every member charged to a checked file whose bodies the analyzers skipped (empty when none or with --no-static).</param>
public sealed record CheckReport(
    CheckOptions Options,
    IReadOnlyList<string> Files,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<StaticDiagnostic>? Diagnostics,
    string? Stopped,
    IReadOnlyList<SkippedBodies>? Skipped = null)
{
    public int Mismatches => Scenarios.Count(result => !result.Matches);

    public int ExitCode => Mismatches == 0 && Stopped is null ? ExitCodes.Success : ExitCodes.Mismatch;
}
