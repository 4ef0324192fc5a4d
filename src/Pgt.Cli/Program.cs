using Pgt.Cli.CommandLine;
using Pgt.Cli.Commands;

namespace Pgt.Cli;

/// <summary>
/// The <c>pgt</c> command. <see cref="Run"/> is the whole command with its streams passed in, so tests run
/// it in-process; <see cref="Main"/> only wires the console and Ctrl-C to it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C stops the run and still reports what was found; a second one kills the process.
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                interrupt.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var terminal = new TerminalInfo(
                ShowProgress: !Console.IsErrorRedirected,
                Width: Console.IsErrorRedirected ? 0 : SafeWindowWidth(),
                OutputWidth: Console.IsOutputRedirected ? 0 : SafeWindowWidth());
            return Run(args, Console.Out, Console.Error, interrupt.Token, terminal);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Runs one pgt command. Returns the exit code (<see cref="ExitCodes"/>); never throws for bad input:
    /// that becomes one line on <paramref name="stderr"/> and exit code 2.
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where the table, reports and documents go.</param>
    /// <param name="stderr">Where errors, warnings and terminal progress go.</param>
    /// <param name="interrupt">Cancelled on Ctrl-C: the run stops and reports what it found so far.</param>
    /// <param name="terminal">Whether stderr is an interactive terminal (progress lines); null for none.</param>
    public static int Run(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken interrupt = default,
        TerminalInfo? terminal = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var command = CommandLineParser.Parse(args);
            switch (command)
            {
                case HelpRequest:
                    stdout.Write(UsageText.Full);
                    return ExitCodes.Success;
                case CheckOptions check:
                    return new CheckCommand(check, stdout, stderr, terminal ?? TerminalInfo.None, interrupt).Run();
                case ReplayOptions replay:
                    return new ReplayCommand(replay, stdout, stderr).Run();
                case MergeOptions merge:
                    return new MergeCommand(merge, stdout).Run();
                default:
                    throw new BadInputException("nothing to do");
            }
        }
        catch (BadInputException badInput)
        {
            stderr.WriteLine($"pgt: {badInput.Message}");
            return ExitCodes.BadInput;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine("pgt: out of memory (the managed heap is capped; see DOTNET_GCHeapHardLimit)");
            return ExitCodes.BadInput;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"pgt: {OneLine(exception.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception exception)
        {
            // A bug of pgt itself: still one line, never a stack trace on a user's terminal.
            stderr.WriteLine($"pgt: internal error: {exception.GetType().Name}: {OneLine(exception.Message)}");
            return ExitCodes.BadInput;
        }
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
