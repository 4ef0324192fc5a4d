using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Pgt.Cli.Static;

/// <summary>
/// Bodies of one member that the analyzers gave up on (over the analysis budget, or an internal error
/// caught by the shipped build's safety net): its static verdict says "clean" only for what was analysed.
/// </summary>
/// <param name="Member">The member, as C# shows it (<c>Retract.CollapsePteTable(Mm, PteTable)</c>).</param>
/// <param name="Position">The member's name in its file.</param>
/// <param name="Reason"><see cref="OverBudget"/> or <see cref="AnalyzerError"/>.</param>
/// <param name="Bodies">How many bodies of the member (itself, its lambdas and local functions) were skipped.</param>
/// <param name="Rules">The certain rules whose pre-filter the member passed, so that would have looked at it (sorted).</param>
/// <param name="Tree">The syntax tree it is in.</param>
/// <param name="Span">The member's declaration.</param>
public sealed record SkippedBodies(
    string Member,
    SourcePosition Position,
    string Reason,
    int Bodies,
    IReadOnlyList<string> Rules,
    SyntaxTree Tree,
    TextSpan Span)
{
    public const string OverBudget = "over budget";
    public const string AnalyzerError = "analyzer error";

    /// <summary><c>1 body skipped: over budget</c>.</summary>
    public string Describe() => Describe(Bodies, Reason);

    /// <summary>The words of the Static cell after the verdict: <c>1 body skipped: over budget</c>, reasons joined by "; ".</summary>
    public static string Summarize(IReadOnlyList<SkippedBodies> skipped) =>
        string.Join("; ", skipped
            .GroupBy(entry => entry.Reason, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => Describe(group.Sum(entry => entry.Bodies), group.Key)));

    private static string Describe(int bodies, string reason) =>
        bodies == 1 ? $"1 body skipped: {reason}" : $"{bodies} bodies skipped: {reason}";
}
