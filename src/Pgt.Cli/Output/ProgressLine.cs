using System.Globalization;
using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Output;

/// <summary>
/// The <c>\r</c> progress line on an interactive stderr: scenario k of n, executions and findings so far.
/// Silent when stderr is redirected. Called from explorer threads, so writes are serialised.
/// </summary>
public sealed class ProgressLine
{
    private readonly TextWriter _stderr;
    private readonly TerminalInfo _terminal;
    private readonly object _gate = new();
    private int _shownLength;

    // The scenario whose exploration may draw; an abandoned exploration's late callbacks draw nothing.
    private int _active;

    public ProgressLine(TextWriter stderr, TerminalInfo terminal)
    {
        this._stderr = stderr;
        this._terminal = terminal;
    }

    public bool Enabled => _terminal.ShowProgress;

    public void Show(string text) => Show(text, owner: 0);

    private void Show(string text, int owner)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (owner != 0 && owner != _active)
            {
                return;
            }

            var width = _terminal.Width > 1 ? _terminal.Width - 1 : 100;
            var line = text.Length > width ? text[..width] : text;
            _stderr.Write("\r" + line.PadRight(_shownLength));
            _shownLength = line.Length;
            _stderr.Flush();
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

        lock (_gate)
        {
            _active = index;
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

        lock (_gate)
        {
            _active = 0;
            if (_shownLength > 0)
            {
                _stderr.Write("\r" + new string(' ', _shownLength) + "\r");
                _stderr.Flush();
                _shownLength = 0;
            }
        }
    }
}
