using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Errors;

public static class BadSignature
{
    [Scenario("returns a value")]
    public static int NotVoid(IExecution execution) => 0;
}
