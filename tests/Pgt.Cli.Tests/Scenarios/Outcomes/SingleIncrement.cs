using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Outcomes;

public static class SingleIncrement
{
    [Scenario("one strand increments: nothing can race")]
    public static void OneIncrementer(IExecution execution) => Counter.Run(execution, strands: 1);
}
