using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Dynamic;

/// <summary>
/// Runs one exploration on its own background thread so that the command stays in control: when the run
/// is stopped (Ctrl-C, or the timeout) the explorer is cancelled between executions and gets a short grace
/// to return what it has found so far; past that (an execution stuck until its watchdog), the exploration
/// is abandoned and reported as interrupted. An abandoned exploration ends with the process.
/// </summary>
public static class ExplorationRunner
{
    /// <summary>How long a stopped exploration may take to come back before it is abandoned.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    /// <returns>The result, or null when the exploration was abandoned.</returns>
    /// <exception cref="ArgumentException">Options out of range (one line).</exception>
    public static ExplorationResult? Run(Scenario scenario, ExplorationOptions options, CancellationToken stop)
    {
        options.Validate();
        ExplorationResult? result = null;
        Exception? failure = null;
        using var done = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            try
            {
                result = Explorer.Explore(scenario, options with { Cancellation = stop });
            }
            catch (Exception exception)
            {
                failure = exception;
            }
            finally
            {
                done.Set();
            }
        })
        {
            IsBackground = true,
            Name = $"pgt-explore-{scenario.Name}",
        };
        thread.Start();
        try
        {
            done.Wait(stop);
        }
        catch (OperationCanceledException)
        {
            if (!done.Wait(Grace))
            {
                return null;
            }
        }

        if (failure is not null)
        {
            // Explorer errors are its own bugs or bad options; the command turns them into one line.
            throw new InvalidOperationException($"exploring {scenario.Name} failed: {failure.Message.ReplaceLineEndings(" ")}", failure);
        }

        return result;
    }
}
