namespace Pgt.Emulator.Checkers;

/// <summary>
/// Storage for "which reader sections were open at that moment" (at a detach, a call_rcu, a grace-period
/// start): (strand, section sequence) pairs in one flat array, reset per execution, no allocation per use.
/// </summary>
internal sealed class SectionSnapshots
{
    private int[] pairs = new int[256];
    private int used;

    public void Reset() => used = 0;

    /// <summary>Starts a snapshot; add pairs with <see cref="Add"/>; the snapshot is (offset, count).</summary>
    public int Begin() => used;

    public void Add(int strand, int seq)
    {
        if (used + 2 > pairs.Length)
        {
            Array.Resize(ref pairs, pairs.Length * 2);
        }

        pairs[used++] = strand;
        pairs[used++] = seq;
    }

    public int CountSince(int offset) => (used - offset) / 2;

    public int Strand(int offset, int index) => pairs[offset + 2 * index];

    public int Seq(int offset, int index) => pairs[offset + 2 * index + 1];
}
