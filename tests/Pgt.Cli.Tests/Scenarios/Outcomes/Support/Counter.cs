using Pgt.Emulator.Exploration;

namespace CliTests.Outcomes;

/// <summary>A helper without scenarios: a word in "shared memory" that strands read and write at scheduling points.</summary>
public static class Counter
{
    public const ulong Address = 0x1000;

    public static void Run(IExecution execution, int strands)
    {
        var word = new long[1];
        for (var i = 0; i < strands; i++)
        {
            execution.Spawn($"incrementer{i}", () =>
            {
                execution.Point(new Operation(OperationKind.Read, Address));
                var seen = word[0];
                execution.Point(new Operation(OperationKind.Write, Address));
                word[0] = seen + 1;
            });
        }

        execution.AtEnd(() =>
        {
            if (word[0] != strands)
            {
                execution.Fail(new Finding(
                    "lost-update",
                    $"BUG: EMU: lost-update: the counter is {word[0]} after {strands} increments",
                    [new ReportSection("Counter at 0x1000", [$"value {word[0]}, expected {strands}"])]));
            }
        });
    }
}
