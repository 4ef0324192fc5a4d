namespace Pgt.Cli.CommandLine;

/// <summary><c>pgt --help</c>, <c>pgt help</c> or <c>--help</c> after a command: print the usage, exit 0.</summary>
public sealed record HelpRequest;
