using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Robustness;

public static class LoopsWithPoints
{
    [Scenario("a strand loops forever through scheduling points")]
    public static void SpinsForever(IExecution execution)
    {
        execution.Spawn("spinner", () =>
        {
            while (true)
            {
                execution.Point(new Operation(OperationKind.Read, 0x2000));
            }
        });
    }
}
