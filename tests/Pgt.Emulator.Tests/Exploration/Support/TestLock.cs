using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>A spin lock modelled as blocking, as the emulated kernel's locks are.</summary>
internal sealed class TestLock : IWaitCondition
{
    private readonly IExecution execution;
    private readonly int id;
    private int owner = -1;

    public TestLock(IExecution execution, int id)
    {
        this.execution = execution;
        this.id = id;
    }

    public bool IsSatisfied => owner < 0;

    public void Lock()
    {
        execution.WaitUntil(this, new Operation(OperationKind.Acquire, Resources.Sync(id)));
        owner = execution.Current.Value;
    }

    public void Unlock()
    {
        execution.Point(new Operation(OperationKind.Release, Resources.Sync(id)));
        owner = -1;
    }

    public override string ToString() => $"lock#{id} (held by T{owner})";
}
