using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.ChildOnly;

public static class LoopsForever
{
    // Never returns: only for a child pgt process, which ends and takes the runaway thread with it.
    [Scenario("a strand loops forever in plain C#")]
    public static void Hangs(IExecution execution)
    {
        execution.Spawn("looper", () =>
        {
            execution.Point(Operation.Local);
            while (true)
            {
            }
        });
    }
}
