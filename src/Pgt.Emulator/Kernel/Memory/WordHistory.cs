namespace Pgt.Emulator.Kernel;

/// <summary>
/// The last writer of every word (KASAN-style shadow, for "last written AS rcu_head.next by T2 at step
/// 41"): written only when the machine commits a store, read by the reports. Shadow pages are allocated on
/// first write; <see cref="Reset"/> clears the pages written in the execution.
/// </summary>
internal sealed class WordHistory
{
    private readonly WordShadow[]?[] _pages;

    public WordHistory(int pageCount) => _pages = new WordShadow[pageCount][];

    /// <summary>A committed store (or the boot-time fill of a fresh object) of <paramref name="view"/>.</summary>
    public void Record(ulong pa, int strand, int step, int stack, View view, string primitive, in Callsite site,
        ulong previous)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        var page = _pages[pfn] ??= new WordShadow[PhysicalLayout.WordsPerPage];
        ref var w = ref page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))];
        w.Writer = strand + 1;
        w.Step = step;
        w.Stack = stack;
        w.View = view;
        w.Primitive = primitive;
        w.Site = site;
        w.Previous = previous;
    }

    public WordShadow Peek(ulong pa)
    {
        var pfn = (int)(pa >> PhysicalLayout.PageShift);
        if (pfn >= _pages.Length || _pages[pfn] is not { } page)
        {
            return default;
        }

        return page[(int)((pa >> 3) & (PhysicalLayout.WordsPerPage - 1))];
    }

    public void Reset(ReadOnlySpan<int> dirtyPfns)
    {
        foreach (var pfn in dirtyPfns)
        {
            if (_pages[pfn] is { } page)
            {
                Array.Clear(page);
            }
        }
    }
}
