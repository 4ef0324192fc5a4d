using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>A spin lock modelled as blocking, as the emulated kernel's locks are.</summary>
internal sealed class TestLock : IWaitCondition
{
    private readonly IExecution _execution;
    private readonly int _id;
    private int _owner = -1;

    public TestLock(IExecution execution, int id)
    {
        this._execution = execution;
        this._id = id;
    }

    public bool IsSatisfied => _owner < 0;

    public void Lock()
    {
        _execution.WaitUntil(this, new Operation(OperationKind.Acquire, Resources.Sync(_id)));
        _owner = _execution.Current.Value;
    }

    public void Unlock()
    {
        _execution.Point(new Operation(OperationKind.Release, Resources.Sync(_id)));
        _owner = -1;
    }

    public override string ToString() => $"lock#{_id} (held by T{_owner})";
}
