using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>A one-shot event: <see cref="Wait"/> blocks until some strand calls <see cref="Set"/>.</summary>
internal sealed class Flag : IWaitCondition
{
    private readonly IExecution _execution;
    private readonly int _id;

    public Flag(IExecution execution, int id)
    {
        this._execution = execution;
        this._id = id;
    }

    public bool IsSet { get; private set; }

    public bool IsSatisfied => IsSet;

    public void Set()
    {
        _execution.Point(new Operation(OperationKind.Release, Resources.Sync(_id)));
        IsSet = true;
    }

    public void Wait() => _execution.WaitUntil(this, new Operation(OperationKind.Acquire, Resources.Sync(_id)));

    public override string ToString() => $"flag#{_id}";
}
