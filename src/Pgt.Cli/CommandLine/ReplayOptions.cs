namespace Pgt.Cli.CommandLine;

/// <summary>What <c>pgt replay TRACE</c> was asked to do.</summary>
/// <param name="TracePath">The trace, as typed: the report's replay hint prints it unchanged.</param>
/// <param name="Format">Text or JSON (a single report has no SARIF form).</param>
/// <param name="Watchdog">How long a strand may run without reaching a scheduling point.</param>
/// <param name="HtmlPath">Where to write the finding's HTML page (<c>--html FILE</c>); null for none.</param>
public sealed record ReplayOptions(string TracePath, OutputFormat Format, TimeSpan Watchdog, string? HtmlPath = null);
