using System.Globalization;
using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Output;

/// <summary>
/// The <c>\r</c> progress line on an interactive stderr: scenario k of n, executions and findings so far.
/// Silent when stderr is redirected. Called from explorer threads, so writes are serialised.
/// </summary>
public sealed class ProgressLine
{
    private readonly TextWriter stderr;
    private readonly TerminalInfo terminal;
    private readonly object gate = new();
    private int shownLength;

    // The scenario whose exploration may draw; an abandoned exploration's late callbacks draw nothing.
    private int active;

    public ProgressLine(TextWriter stderr, TerminalInfo terminal)
    {
        this.stderr = stderr;
        this.terminal = terminal;
    }

    public bool Enabled => terminal.ShowProgress;

    public void Show(string text) => Show(text, owner: 0);

    private void Show(string text, int owner)
    {
        if (!Enabled)
        {
            return;
        }

        lock (gate)
        {
            if (owner != 0 && owner != active)
            {
                return;
            }

            var width = terminal.Width > 1 ? terminal.Width - 1 : 100;
            var line = text.Length > width ? text[..width] : text;
            stderr.Write("\r" + line.PadRight(shownLength));
            shownLength = line.Length;
            stderr.Flush();
        }
    }

    /// <summary>A progress callback for the explorer while it explores <paramref name="scenario"/>.</summary>
    /// <param name="scenario">Its name.</param>
    /// <param name="index">1-based position in the run.</param>
    /// <param name="count">Scenarios in the run.</param>
    public Action<ExplorationProgress>? For(string scenario, int index, int count)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (gate)
        {
            active = index;
        }

        return progress => Show(
            string.Create(
                CultureInfo.InvariantCulture,
                $"[{index}/{count}] {scenario}: {progress.Executions} executions, {progress.Findings} with findings, {progress.Elapsed.TotalSeconds:0.0} s"),
            index);
    }

    public void Clear()
    {
        if (!Enabled)
        {
            return;
        }

        lock (gate)
        {
            active = 0;
            if (shownLength > 0)
            {
                stderr.Write("\r" + new string(' ', shownLength) + "\r");
                stderr.Flush();
                shownLength = 0;
            }
        }
    }
}
