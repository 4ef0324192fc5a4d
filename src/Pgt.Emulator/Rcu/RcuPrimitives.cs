using System.Runtime.CompilerServices;
using Pgt.Emulator.Kernel;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Rcu;

/// <summary>RCU's API on the emulated machine.</summary>
public static class RcuPrimitives
{
    /// <summary>rcu_read_lock(): a scheduling point; opens a read-side section if none is open.</summary>
    public static void RcuReadLock(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Rcu, +1, "rcu_read_lock", new Callsite(caller, file, line));

    public static void RcuReadUnlock(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ChangeContext(ContextKind.Rcu, -1, "rcu_read_unlock", new Callsite(caller, file, line));

    /// <summary>
    /// call_rcu(head, fn): writes <c>head->func</c> and <c>head->next</c> in emulated memory (over
    /// whatever shares those words, such as <c>page->lru</c>), then queues the callback on this CPU for
    /// the first grace period that starts afterwards. Queuing a head that is already queued is reported
    /// (debugobjects).
    /// </summary>
    public static void CallRcu(this Machine m, [Claims] RcuHead head, [NoMm] RcuCallback fn,
        [CallerArgumentExpression(nameof(fn))] string fnName = "", [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(fn);
        m.Rcu.CallRcu(head, fn, CallbackNames.Of(fn, fnName), new Callsite(caller, file, line));
    }

    /// <summary>synchronize_rcu(): waits for a full grace period; illegal inside a read-side section.</summary>
    public static void SynchronizeRcu(this Machine m, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.Rcu.SynchronizeRcu(new Callsite(caller, file, line));

    /// <summary>rcu_barrier(): waits until every queued callback has run.</summary>
    public static void RcuBarrier(this Machine m) => m.Rcu.RcuBarrier();

    /// <summary>The grace periods completed so far (for tests and reports).</summary>
    public static long RcuCompletedGracePeriods(this Machine m) => m.Rcu.Completed;
}
