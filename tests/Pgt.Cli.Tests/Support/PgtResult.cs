namespace Pgt.Cli.Tests.Support;

/// <summary>What one pgt run gave back.</summary>
public sealed record PgtResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>stderr's non-empty lines.</summary>
    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
