using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Outcomes;

public static class MissingFinding
{
    [Scenario("declares a lost update that cannot happen", ExpectFinding = "lost-update")]
    public static void ExpectsTooMuch(IExecution execution) => Counter.Run(execution, strands: 1);
}
