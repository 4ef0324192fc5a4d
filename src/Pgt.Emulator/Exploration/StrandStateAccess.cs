namespace Pgt.Emulator.Exploration;

/// <summary>
/// How an operation touches the per-strand state that other strands' operations observe as a whole (in
/// the emulated kernel: each strand's RCU read-side section, which a detach snapshots and a lifetime
/// verdict consults). It is one resource per strand, with an "every strand" reader: a change of one's own
/// state conflicts with every other strand's <see cref="ReadsAll"/>; two changes of different strands'
/// own states commute, and so do two <see cref="ReadsAll"/>.
/// </summary>
public enum StrandStateAccess : byte
{
    None,

    /// <summary>Changes the running strand's own state (enters or leaves a read-side section).</summary>
    WritesOwn,

    /// <summary>Reads every strand's state (a verdict or snapshot that depends on who is in a section).</summary>
    ReadsAll,
}
