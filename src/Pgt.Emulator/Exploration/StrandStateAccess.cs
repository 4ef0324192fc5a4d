namespace Pgt.Emulator.Exploration;

/// <summary>
/// How an operation touches the per-strand state that other strands' operations observe (in the emulated
/// kernel: each strand's RCU read-side section, which a detach snapshots and a lifetime verdict consults).
/// It is one resource per strand: a change of one's own state conflicts with another strand's
/// <see cref="Reads"/> when that read names the changing strand (<see cref="Operation.ReadStrands"/>); two
/// changes of different strands' own states commute, and so do two reads.
/// </summary>
public enum StrandStateAccess : byte
{
    None,

    /// <summary>Changes the running strand's own state (enters or leaves a read-side section).</summary>
    WritesOwn,

    /// <summary>
    /// Reads the state of the strands in <see cref="Operation.ReadStrands"/> (a verdict or snapshot that
    /// depends on who is in a section): every strand for a detach's snapshot, the readers of a table's
    /// detach snapshot for a verdict on that table.
    /// </summary>
    Reads,
}
