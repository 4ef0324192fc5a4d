
namespace Pgt.Emulator.Kernel;

/// <summary>One call_rcu: what to call, which grace period it needs, who queued it, and which reader
/// sections were open at that moment (for the grace-period oracle).</summary>
internal struct CallbackRecord
{
    public ulong Head;
    public ulong Func;
    public string FuncName;
    public RcuCallback Fn;
    public long Needed;
    public EventRecord Queued;
    public int Cpu;
    public int SnapshotOffset;
    public int SnapshotCount;
    public bool Invoked;
}
