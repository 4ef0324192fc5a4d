using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Errors;

public static class TypeError
{
    [Scenario("does not type-check")]
    public static void Mistyped(IExecution execution)
    {
        string text = execution.Step;
    }
}
