namespace Pgt.Cli.CommandLine;

/// <summary>What <c>--format</c> selects.</summary>
public enum OutputFormat
{
    /// <summary>The summary table, then the full reports (KASAN style).</summary>
    Text,

    /// <summary>One deterministic JSON document (schema <c>pgt-check</c>).</summary>
    Json,

    /// <summary>SARIF 2.1.0, for code-scanning tools.</summary>
    Sarif,
}
