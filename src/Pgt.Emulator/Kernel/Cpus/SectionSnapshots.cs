namespace Pgt.Emulator.Kernel;

/// <summary>
/// Storage for "which reader sections were open at that moment" (at a detach, a call_rcu, a grace-period
/// start): (strand, section sequence) pairs in one flat array, reset per execution, no allocation per use.
/// </summary>
internal sealed class SectionSnapshots
{
    private int[] _pairs = new int[256];
    private int _used;

    public void Reset() => _used = 0;

    /// <summary>Starts a snapshot; add pairs with <see cref="Add"/>; the snapshot is (offset, count).</summary>
    public int Begin() => _used;

    public void Add(int strand, int seq)
    {
        if (_used + 2 > _pairs.Length)
        {
            Array.Resize(ref _pairs, _pairs.Length * 2);
        }

        _pairs[_used++] = strand;
        _pairs[_used++] = seq;
    }

    public int CountSince(int offset) => (_used - offset) / 2;

    public int Strand(int offset, int index) => _pairs[offset + 2 * index];

    public int Seq(int offset, int index) => _pairs[offset + 2 * index + 1];
}
