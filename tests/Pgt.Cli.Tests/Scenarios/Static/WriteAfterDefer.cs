using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;
using PgtAnalyzers.Annotations;

namespace CliTests.Static;

public sealed class PteTable
{
    private readonly ulong[] entries = new ulong[4];

    public ulong this[int index]
    {
        get => entries[index];
        set => entries[index] = value;
    }
}

public static class TinyPort
{
    public static void PteFreeDefer([DeferredFree] PteTable table)
    {
    }
}

public static class WriteAfterDefer
{
    [Scenario("writes a table after handing it to deferred freeing", ExpectRules = new[] { "PGT001" })]
    public static void WritesAfterDefer(IExecution execution)
    {
        var table = new PteTable();
        table[0] = 1;
        TinyPort.PteFreeDefer(table);
        table[1] = 0;
    }
}
