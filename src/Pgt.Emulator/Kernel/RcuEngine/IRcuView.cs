namespace Pgt.Emulator.Kernel;

/// <summary>RCU's state as the checkers and the reports read it.</summary>
internal interface IRcuView
{
    /// <summary>The last completed grace period.</summary>
    long Completed { get; }

    /// <summary>Callback record <paramref name="index"/> (one per call_rcu of this execution).</summary>
    ref readonly CallbackRecord Callback(int index);

    /// <summary>The callback record of a queued (debugobjects: active) head, or -1.</summary>
    int ActiveRecord(ulong head);

    /// <summary>How many heads are queued now.</summary>
    int ActiveCount { get; }
}
