using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Robustness;

public static class SlowClean
{
    [Scenario("three strands touch independent words many times: clean, and long to explore")]
    public static void ManyIndependentSteps(IExecution execution)
    {
        for (var s = 0; s < 3; s++)
        {
            var address = 0x3000UL + (ulong)s * 8;
            execution.Spawn($"worker{s}", () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    execution.Point(new Operation(OperationKind.Write, address));
                }
            });
        }
    }
}
