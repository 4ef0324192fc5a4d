using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Outcomes;

/// <summary>Two strands increment one shared word without a lock: some interleaving loses an update.</summary>
public static class LostUpdate
{
    [Scenario("two strands increment one word without a lock", ExpectFinding = "lost-update")]
    public static void RacyIncrement(IExecution execution) => Counter.Run(execution, strands: 2);
}
