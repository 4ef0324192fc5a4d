using System.Diagnostics.CodeAnalysis;

namespace Pgt.Emulator.Exploration;

/// <summary>
/// One execution of a scenario under the explorer, as the emulated kernel sees it. The kernel's
/// primitives (loads, stores, locks, RCU, irq on/off) are the only callers: ported code never sees it.
/// Every call happens on the strand that currently holds the baton, so implementations need no locking.
/// </summary>
public interface IExecution
{
    /// <summary>The strand running now.</summary>
    StrandId Current { get; }

    /// <summary>Scheduling points passed so far in this execution (the "step" of reports).</summary>
    int Step { get; }

    /// <summary>The name given at <see cref="Spawn"/>, for reports.</summary>
    string NameOf(StrandId strand);

    /// <summary>
    /// Starts a new strand that will run <paramref name="body"/>. It is a scheduling point of the
    /// spawning strand; the new strand first runs when the strategy picks it. A <paramref name="daemon"/>
    /// strand (the grace-period engine, the softirq that runs RCU callbacks) loops waiting for work: the
    /// execution ends normally once every other strand has finished and no daemon is enabled, and the
    /// daemons are then unwound.
    /// </summary>
    StrandId Spawn(string name, Action body, bool daemon = false);

    /// <summary>
    /// A scheduling point just before the current strand performs <paramref name="next"/>. Returns
    /// when the strategy next picks this strand; returns at once, with no hand-off, when it keeps it.
    /// <para>
    /// DPOR relies on <paramref name="next"/> being honest: the code between this point and the strand's
    /// next one may touch shared state only through that one operation (one word, or one sync object);
    /// anything else it touches must be private to the strand. Two accesses need two points.
    /// </para>
    /// <para>
    /// Once the execution is over (a finding, or the end), this throws an internal exception to unwind
    /// the strand; code that catches it gets it again at its next point. During <see cref="AtEnd"/>
    /// checks it returns at once.
    /// </para>
    /// </summary>
    void Point(Operation next);

    /// <summary>
    /// Like <see cref="Point"/>, but the strand is not enabled until <paramref name="condition"/> holds
    /// (a spin lock that is held, a grace period that has readers left). Spinning is modelled as
    /// blocking, so executions stay finite. When no strand is enabled the execution ends in a deadlock
    /// finding.
    /// <para>
    /// For DPOR, <paramref name="next"/> names the resource waited on (for a lock,
    /// <c>Acquire(Resources.Sync(lock))</c>), and every step that can make <paramref name="condition"/>
    /// true must conflict with it (its unlock: <c>Release</c> of the same sync id). The condition must
    /// only read state, as it is evaluated at every decision.
    /// </para>
    /// </summary>
    void WaitUntil(IWaitCondition condition, Operation next);

    /// <summary>A recorded data choice with two outcomes (a batch page allocation fails, say).</summary>
    bool ChooseBool(string label);

    /// <summary>A recorded data choice in [0, <paramref name="count"/>).</summary>
    int ChooseInt(int count, string label);

    /// <summary>Ends the execution with <paramref name="finding"/>; does not return to the caller.</summary>
    [DoesNotReturn]
    void Fail(Finding finding);

    /// <summary>
    /// Runs <paramref name="check"/> after every non-daemon strand has finished and no daemon can run
    /// (leak and oracle checks). Checks run in order on the last strand that ran; they may call
    /// <see cref="Fail"/>, and <see cref="Point"/> is a no-op inside them (Spawn and choices are not allowed).
    /// </summary>
    void AtEnd(Action check);
}

/// <summary>Identifies a strand within one execution; strand 0 is the scenario's main strand.</summary>
public readonly record struct StrandId(int Value)
{
    public override string ToString() => $"T{Value}";
}

/// <summary>The condition a blocked strand waits for; evaluated by the scheduler on the running strand.</summary>
public interface IWaitCondition
{
    bool IsSatisfied { get; }
}

/// <summary>What a strand is about to do at a scheduling point. DPOR's dependency relation reads it.</summary>
public enum OperationKind : byte
{
    /// <summary>Touches no shared state: independent of every other operation.</summary>
    Local,
    /// <summary>A load of the emulated word at <see cref="Operation.Resource"/>.</summary>
    Read,
    /// <summary>A store to the emulated word at <see cref="Operation.Resource"/>.</summary>
    Write,
    /// <summary>An atomic read-modify-write of the word (counts as a write).</summary>
    ReadModifyWrite,
    /// <summary>Acquiring the synchronisation object <see cref="Operation.Resource"/> (counts as a write to it).</summary>
    Acquire,
    /// <summary>Releasing the synchronisation object <see cref="Operation.Resource"/> (counts as a write to it).</summary>
    Release,
    /// <summary>
    /// An update of the word that commutes with every other <see cref="SharedUpdate"/> of it (an rwsem reader's
    /// count change): a write to every other kind of access, independent of another shared update.
    /// </summary>
    SharedUpdate,
}

/// <summary>Resource ids for operations that are not memory words.</summary>
public static class Resources
{
    private const ulong SyncBit = 1UL << 63;

    /// <summary>The resource id of synchronisation object number <paramref name="id"/>.</summary>
    public static ulong Sync(int id) => SyncBit | (uint)id;

    public static bool IsSync(ulong resource) => (resource & SyncBit) != 0;
}
