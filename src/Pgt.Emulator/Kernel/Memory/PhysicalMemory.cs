namespace Pgt.Emulator.Kernel;

/// <summary>
/// Emulated RAM: 8-byte words in 4 KiB pages, each page's array allocated on first write (small
/// objects, so a machine per execution stays cheap). Pages written during an execution are remembered
/// so that <see cref="Reset"/> clears only those.
/// </summary>
internal sealed class PhysicalMemory
{
    private readonly ulong[]?[] _pages;
    private readonly bool[] _dirty;
    private readonly int[] _dirtyPfns;
    private int _dirtyCount;

    public PhysicalMemory(int pageCount)
    {
        PageCount = pageCount;
        _pages = new ulong[pageCount][];
        _dirty = new bool[pageCount];
        _dirtyPfns = new int[pageCount];
        End = (ulong)pageCount << PhysicalLayout.PageShift;
    }

    public int PageCount { get; }

    /// <summary>One past the last byte of RAM.</summary>
    public ulong End { get; }

    /// <summary>True when <paramref name="pa"/> is a readable word address (pfn 0 is the NULL guard page).</summary>
    public bool IsRam(ulong pa) => pa >= PhysicalLayout.PageSize && pa < End;

    public ReadOnlySpan<int> DirtyPfns => _dirtyPfns.AsSpan(0, _dirtyCount);

    /// <summary>Writes a word: no scheduling, no checks (the machine did those).</summary>
    public void Poke(ulong pa, ulong value)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        if (!_dirty[pfn])
        {
            _dirty[pfn] = true;
            _dirtyPfns[_dirtyCount++] = pfn;
        }

        var page = _pages[pfn] ??= new ulong[PhysicalLayout.WordsPerPage];
        page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))] = value;
    }

    public ulong Peek(ulong pa)
    {
        var page = _pages[(int)(pa >> PhysicalLayout.PageShift)];
        return page is null ? 0 : page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))];
    }

    public void Reset()
    {
        foreach (var pfn in DirtyPfns)
        {
            Array.Clear(_pages[pfn]!);
            _dirty[pfn] = false;
        }

        _dirtyCount = 0;
    }
}
