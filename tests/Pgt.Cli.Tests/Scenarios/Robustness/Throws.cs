using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Robustness;

public static class Throws
{
    [Scenario("a strand throws")]
    public static void StrandThrows(IExecution execution)
    {
        execution.Spawn("thrower", () =>
        {
            execution.Point(Operation.Local);
            throw new InvalidOperationException("the scenario is broken");
        });
    }
}
