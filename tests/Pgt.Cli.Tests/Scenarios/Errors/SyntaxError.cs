using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Errors;

public static class SyntaxError
{
    [Scenario("does not parse")]
    public static void Broken(IExecution execution)
    {
        var x = 1
    }
}
