namespace Pgt.Cli.CommandLine;

/// <summary>What <c>pgt merge FILE ...</c> was asked to do.</summary>
/// <param name="Files">The shards' <c>pgt check --format json</c> documents, as typed.</param>
public sealed record MergeOptions(IReadOnlyList<string> Files);
