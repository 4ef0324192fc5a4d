namespace Pgt.Emulator.Exploration;

/// <summary>
/// How an operation touches the per-strand state that other strands' operations observe (in the emulated
/// kernel: each strand's RCU read-side and irq-off sections, which a detach or a grace period snapshots and
/// a verdict or a wait on that snapshot consults). It is one resource per strand, read in three ways: a
/// <see cref="Reads"/> sees which sections are open, so every change of the strand's sections conflicts with
/// it; a <see cref="Snapshots"/> only records the open ones to ask later whether they ended, so only an
/// <see cref="OpensOwn"/> conflicts with it (reduction 7); a <see cref="ReadsEnds"/> asks only whether
/// sections recorded earlier have ended, so only a <see cref="WritesOwn"/> (a section ending) conflicts with
/// it, not an <see cref="OpensOwn"/> (a new section never counts as a recorded one). Each read names the
/// strands it reads (<see cref="Operation.ReadStrands"/>); changes of different strands' own states commute,
/// and so do two reads.
/// </summary>
public enum StrandStateAccess : byte
{
    None,

    /// <summary>Ends a section of the running strand (or may: any change that is not only a beginning).</summary>
    WritesOwn,

    /// <summary>
    /// Reads the state of the strands in <see cref="Operation.ReadStrands"/> (a snapshot of who is in a
    /// section): every strand for a detach's or a grace period's snapshot.
    /// </summary>
    Reads,

    /// <summary>Only begins a section of the running strand (it was in none of that kind).</summary>
    OpensOwn,

    /// <summary>
    /// Reads only whether the sections a snapshot recorded for the strands in <see cref="Operation.ReadStrands"/>
    /// have ended: gp_end, the waits on a snapshot, a verdict on a table in its grace period (reduction 5 of
    /// issue 13; KERNEL.md).
    /// </summary>
    ReadsEnds,

    /// <summary>
    /// Records which sections of every strand are open, to be asked later only whether they ended (a grace
    /// period's start, call_rcu's and synchronize_rcu's snapshot for the oracle, a detach). A section that
    /// ends just after it is recorded and one that ended just before leave every later answer the same (a
    /// recorded section is identified by its sequence number, and an ended one never matches again), so an
    /// ending commutes with it; a beginning does not (reduction 7 of issue 13; KERNEL.md).
    /// </summary>
    Snapshots,
}
