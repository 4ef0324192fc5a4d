namespace Pgt.Cli;

/// <summary>What pgt knows of the terminals behind stderr and stdout.</summary>
/// <param name="ShowProgress">stderr is an interactive terminal: show a <c>\r</c> progress line.</param>
/// <param name="Width">stderr's width in columns, 0 when unknown.</param>
/// <param name="OutputWidth">stdout's width in columns when it is a terminal, 0 when redirected or unknown.</param>
public sealed record TerminalInfo(bool ShowProgress, int Width, int OutputWidth = 0)
{
    /// <summary>Redirected or captured output: no progress, no width limit.</summary>
    public static TerminalInfo None { get; } = new(false, 0);
}
