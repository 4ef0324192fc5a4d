using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Static;

public static class UndeclaredRule
{
    [Scenario("the same bug without declaring PGT001")]
    public static void WritesAfterDeferSilently(IExecution execution)
    {
        var table = new PteTable();
        TinyPort.PteFreeDefer(table);
        table[2] = 0;
    }
}
