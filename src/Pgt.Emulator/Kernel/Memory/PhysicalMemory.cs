namespace Pgt.Emulator.Kernel;

/// <summary>
/// Emulated RAM: 8-byte words in 4 KiB pages, each page's array allocated on first write (small
/// objects, so a machine per execution stays cheap). Pages written during an execution are remembered
/// so that <see cref="Reset"/> clears only those.
/// </summary>
internal sealed class PhysicalMemory
{
    private readonly ulong[]?[] pages;
    private readonly bool[] dirty;
    private readonly int[] dirtyPfns;
    private int dirtyCount;

    public PhysicalMemory(int pageCount)
    {
        PageCount = pageCount;
        pages = new ulong[pageCount][];
        dirty = new bool[pageCount];
        dirtyPfns = new int[pageCount];
        End = (ulong)pageCount << PhysicalLayout.PageShift;
    }

    public int PageCount { get; }

    /// <summary>One past the last byte of RAM.</summary>
    public ulong End { get; }

    /// <summary>True when <paramref name="pa"/> is a readable word address (pfn 0 is the NULL guard page).</summary>
    public bool IsRam(ulong pa) => pa >= PhysicalLayout.PageSize && pa < End;

    public ReadOnlySpan<int> DirtyPfns => dirtyPfns.AsSpan(0, dirtyCount);

    /// <summary>Writes a word: no scheduling, no checks (the machine did those).</summary>
    public void Poke(ulong pa, ulong value)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        if (!dirty[pfn])
        {
            dirty[pfn] = true;
            dirtyPfns[dirtyCount++] = pfn;
        }

        var page = pages[pfn] ??= new ulong[PhysicalLayout.WordsPerPage];
        page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))] = value;
    }

    public ulong Peek(ulong pa)
    {
        var page = pages[(int)(pa >> PhysicalLayout.PageShift)];
        return page is null ? 0 : page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))];
    }

    public void Reset()
    {
        foreach (var pfn in DirtyPfns)
        {
            Array.Clear(pages[pfn]!);
            dirty[pfn] = false;
        }

        dirtyCount = 0;
    }
}
