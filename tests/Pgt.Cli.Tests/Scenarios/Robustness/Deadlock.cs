using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;

namespace CliTests.Robustness;

public sealed class Never : IWaitCondition
{
    public bool IsSatisfied => false;

    public override string ToString() => "a flag nobody sets";
}

public static class Deadlock
{
    [Scenario("a strand waits for something that never happens")]
    public static void WaitsForever(IExecution execution)
    {
        execution.Spawn("waiter", () => execution.WaitUntil(new Never(), new Operation(OperationKind.Acquire, Resources.Sync(7))));
    }
}
