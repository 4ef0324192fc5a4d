using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>A one-shot event: <see cref="Wait"/> blocks until some strand calls <see cref="Set"/>.</summary>
internal sealed class Flag : IWaitCondition
{
    private readonly IExecution execution;
    private readonly int id;

    public Flag(IExecution execution, int id)
    {
        this.execution = execution;
        this.id = id;
    }

    public bool IsSet { get; private set; }

    public bool IsSatisfied => IsSet;

    public void Set()
    {
        execution.Point(new Operation(OperationKind.Release, Resources.Sync(id)));
        IsSet = true;
    }

    public void Wait() => execution.WaitUntil(this, new Operation(OperationKind.Acquire, Resources.Sync(id)));

    public override string ToString() => $"flag#{id}";
}
