namespace Pgt.Cli.Checking;

/// <summary>What a scenario declares of itself; nothing declared means clean on both sides.</summary>
/// <param name="Finding">The finding kind the explorer must report, or null for clean.</param>
/// <param name="Rules">The rule IDs the analyzers must report (sorted, distinct); empty for clean.</param>
public sealed record Expectation(string? Finding, IReadOnlyList<string> Rules)
{
    public string DescribeDynamic() => Finding ?? "clean";

    public string DescribeStatic() => Rules.Count == 0 ? "clean" : string.Join(",", Rules);
}
