using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.ChildOnly;

public static class AllocatesForever
{
    // Only for a child pgt process with a capped heap.
    [Scenario("a strand allocates without bound")]
    public static void Hoards(IExecution execution)
    {
        execution.Spawn("hoarder", () =>
        {
            execution.Point(Operation.Local);
            var hoard = new List<byte[]>();
            while (true)
            {
                var block = new byte[16 << 20];
                block[^1] = 1;
                hoard.Add(block);
            }
        });
    }
}
