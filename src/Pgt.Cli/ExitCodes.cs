namespace Pgt.Cli;

/// <summary>The exit codes of every pgt command (the design README's contract).</summary>
public static class ExitCodes
{
    /// <summary>Every scenario's outcome matches what it declares (or the replay reproduced its finding).</summary>
    public const int Success = 0;

    /// <summary>A finding was not expected, an expected one was not found, or a scenario was not run.</summary>
    public const int Mismatch = 1;

    /// <summary>Bad usage or bad input: one line on stderr.</summary>
    public const int BadInput = 2;
}
