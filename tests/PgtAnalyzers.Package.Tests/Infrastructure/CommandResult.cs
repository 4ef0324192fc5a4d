namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>A finished child process: its exit code and its stdout and stderr interleaved as they came.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    /// <summary>Everything a failing assertion should show: the command, its exit code and its output.</summary>
    public string Describe() => $"`{CommandLine}` exited with {ExitCode}:{Environment.NewLine}{Output}";
}
