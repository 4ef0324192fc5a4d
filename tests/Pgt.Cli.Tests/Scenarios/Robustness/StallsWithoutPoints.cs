using System.Diagnostics;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Robustness;

public static class StallsWithoutPoints
{
    // Spins for 3 s without a scheduling point, then gives up, so an in-process test leaves no runaway thread.
    [Scenario("a strand runs plain C# for seconds without a scheduling point")]
    public static void Stalls(IExecution execution)
    {
        execution.Spawn("staller", () =>
        {
            execution.Point(Operation.Local);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
            }
        });
    }
}
