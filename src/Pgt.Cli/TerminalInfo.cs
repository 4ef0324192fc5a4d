namespace Pgt.Cli;

/// <summary>What pgt knows of the terminal behind stderr.</summary>
/// <param name="ShowProgress">stderr is an interactive terminal: show a <c>\r</c> progress line.</param>
/// <param name="Width">Its width in columns, 0 when unknown.</param>
public sealed record TerminalInfo(bool ShowProgress, int Width)
{
    /// <summary>Redirected or captured output: no progress.</summary>
    public static TerminalInfo None { get; } = new(false, 0);
}
