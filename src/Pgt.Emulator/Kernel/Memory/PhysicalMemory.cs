namespace Pgt.Emulator.Kernel;

/// <summary>
/// Emulated RAM: 8-byte words in 4 KiB pages. Pages written during an execution are remembered so that
/// <see cref="Reset"/> clears only those, which keeps a reused machine cheap.
/// </summary>
internal sealed class PhysicalMemory
{
    private readonly bool[] dirty;
    private readonly int[] dirtyPfns;
    private int dirtyCount;

    public PhysicalMemory(int pageCount)
    {
        PageCount = pageCount;
        Words = new ulong[pageCount * PhysicalLayout.WordsPerPage];
        dirty = new bool[pageCount];
        dirtyPfns = new int[pageCount];
        End = (ulong)pageCount << PhysicalLayout.PageShift;
    }

    public int PageCount { get; }

    public ulong[] Words { get; }

    /// <summary>One past the last byte of RAM.</summary>
    public ulong End { get; }

    /// <summary>True when <paramref name="pa"/> is a readable word address (pfn 0 is the NULL guard page).</summary>
    public bool IsRam(ulong pa) => pa >= PhysicalLayout.PageSize && pa < End;

    public ReadOnlySpan<int> DirtyPfns => dirtyPfns.AsSpan(0, dirtyCount);

    public void MarkDirty(ulong pa)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        if (!dirty[pfn])
        {
            dirty[pfn] = true;
            dirtyPfns[dirtyCount++] = pfn;
        }
    }

    /// <summary>Writes without any bookkeeping but the dirty mark: boot-time and checker-internal use.</summary>
    public void Poke(ulong pa, ulong value)
    {
        MarkDirty(pa);
        Words[pa >> 3] = value;
    }

    public ulong Peek(ulong pa) => Words[pa >> 3];

    public void Reset()
    {
        foreach (var pfn in DirtyPfns)
        {
            Array.Clear(Words, pfn * PhysicalLayout.WordsPerPage, PhysicalLayout.WordsPerPage);
            dirty[pfn] = false;
        }

        dirtyCount = 0;
    }
}
