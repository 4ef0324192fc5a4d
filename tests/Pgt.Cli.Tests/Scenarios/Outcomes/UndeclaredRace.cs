using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Outcomes;

public static class UndeclaredRace
{
    [Scenario("a race the scenario does not declare")]
    public static void RaceNobodyExpects(IExecution execution) => Counter.Run(execution, strands: 2);
}
