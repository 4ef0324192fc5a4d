using System.Globalization;
using System.Text;
using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// Builds the sections every finding shares, in the KASAN/KCSAN style of emulator.md B8: the title, the
/// access with its strand and emulated stack, earlier events with their stacks, the reader still in a
/// covering section, the struct page dump with every union view and the view that last wrote each word,
/// and the lifetime state around the address. It reads the machine through <see cref="KernelView"/> only,
/// and derives everything from emulator state, never from hash order or time, so the same schedule gives
/// the same text.
/// </summary>
internal sealed class FindingSections
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly KernelView _view;

    public FindingSections(KernelView view) => _view = view;

    private ILifetimeView Lifetime => _view.Lifetime;

    public Finding Make(string kind, string function, string subject, IEnumerable<ReportSection?> sections) =>
        new(kind, $"BUG: EMU: {kind} in {function} ({subject})", sections.OfType<ReportSection>().ToList());

    public Finding Make(string kind, string function, IEnumerable<ReportSection?> sections) =>
        new(kind, $"BUG: EMU: {kind} in {function}", sections.OfType<ReportSection>().ToList());

    // ------------------------------------------------------------ names

    public string StrandName(int id)
    {
        var s = _view.Strand(id);
        var where = s.Role switch
        {
            StrandRole.Softirq => $" (softirq, CPU{s.Cpu})",
            StrandRole.GracePeriodKthread => " (kthread)",
            _ => $" (CPU{s.Cpu})",
        };
        return $"T{id} \"{_view.NameOf(id)}\"{where}";
    }

    /// <summary>The emulated function the running strand is in: its innermost frame, else the C# caller.</summary>
    public string Function(IStrandView s, in Callsite site) =>
        _view.Innermost(s.StackNode)?.Name ?? site.Member;

    public string Function(int stack, in Callsite site) => _view.Innermost(stack)?.Name ?? site.Member;

    public static string Hex(ulong value) => "0x" + value.ToString("x", Invariant);

    /// <summary>%px: 16 hex digits, as lib/list_debug.c prints pointers.</summary>
    public static string Px(ulong value) => value.ToString("x16", Invariant);

    /// <summary>A short name for the object at <paramref name="pa"/>, for titles.</summary>
    public string Subject(ulong pa)
    {
        if (!_view.IsRam(pa))
        {
            return $"address {Hex(pa)}";
        }

        var pfn = pa >> PhysicalLayout.PageShift;
        return Lifetime.Kind(pfn) switch
        {
            PageKind.Vmemmap => $"struct page of page {Hex(StructPage.PfnOf(pa) << PhysicalLayout.PageShift)}",
            PageKind.PteTable => $"pte fragment {(pa >> Fragments.Shift) & 1} of page {Hex(pfn << PhysicalLayout.PageShift)}",
            PageKind.PmdTable => $"pmd table of mm#{Lifetime.MmSerial(pfn)}",
            PageKind.Mm => $"mm#{Lifetime.MmSerial(pfn)}",
            PageKind.TlbBatch => $"mmu_gather batch page {Hex(pfn << PhysicalLayout.PageShift)}",
            _ => $"page {Hex(pfn << PhysicalLayout.PageShift)}",
        };
    }

    /// <summary>A precise name for the word at <paramref name="pa"/>, with every view when it is a union.</summary>
    public string Describe(ulong pa)
    {
        if (pa < PhysicalLayout.PageSize)
        {
            return $"NULL + {Hex(pa)}";
        }

        if (!_view.IsRam(pa))
        {
            return DescribeNonRam(pa);
        }

        var pfn = pa >> PhysicalLayout.PageShift;
        var pageBase = pfn << PhysicalLayout.PageShift;
        var wordInPage = (int)((pa - pageBase) / PhysicalLayout.WordSize);
        switch (Lifetime.Kind(pfn))
        {
            case PageKind.Vmemmap:
                var word = StructPage.WordOf(pa);
                var views = string.Join(" | ", StructPage.ViewsOf(word).Select(v => v.Name()));
                return $"{views} of struct page of page {Hex(StructPage.PfnOf(pa) << PhysicalLayout.PageShift)} (word {word})";
            case PageKind.PteTable:
                var half = (pa >> Fragments.Shift) & 1;
                return $"pte[{wordInPage % PageTableBits.PtrsPerPte}] of pte fragment {half} of page {Hex(pageBase)}";
            case PageKind.PmdTable:
                return $"pmd[{wordInPage}] of the pmd table of mm#{Lifetime.MmSerial(pfn)}";
            case PageKind.Mm:
                return $"{MmLayout.ViewOf(wordInPage).Name()} of mm#{Lifetime.MmSerial(pfn)}";
            case PageKind.TlbBatch:
                return wordInPage switch
                {
                    0 => $"rcu.next of mmu_gather batch page {Hex(pageBase)}",
                    1 => $"rcu.func of mmu_gather batch page {Hex(pageBase)}",
                    2 => $"nr of mmu_gather batch page {Hex(pageBase)}",
                    _ => $"tables[{wordInPage - 3}] of mmu_gather batch page {Hex(pageBase)}",
                };
            default:
                return $"word {wordInPage} of page {Hex(pageBase)}";
        }
    }

    private string DescribeNonRam(ulong pa)
    {
        if (pa - ListPoison.Poison2 < 0x100)
        {
            return $"LIST_POISON2 + {Hex(pa - ListPoison.Poison2)}: a pointer left by list_del";
        }

        if (pa - ListPoison.Poison1 < 0x100)
        {
            return $"LIST_POISON1 + {Hex(pa - ListPoison.Poison1)}: a pointer left by list_del";
        }

        if (_view.Symbolize(pa) is { } symbol)
        {
            return $"the function {symbol}: a callback pointer used as data";
        }

        return (pa & 7) != 0 ? "a misaligned address" : "beyond emulated memory";
    }

    // ------------------------------------------------------------ stacks and events

    public IEnumerable<string> Stack(int stack, Callsite site, string? primitive)
    {
        if (primitive is not null && primitive != site.Member)
        {
            yield return "  " + primitive;
        }

        var frames = _view.Frames(stack).ToList();
        var first = 0;
        if (frames.Count > 0 && frames[0].Member == site.Member && frames[0].File == site.File)
        {
            yield return $"  {frames[0].Name} {site.FileName}:{site.Line}";
            first = 1;
        }
        else if (!string.IsNullOrEmpty(site.Member))
        {
            yield return $"  {site.Member} {site.FileName}:{site.Line}";
        }

        for (var i = first; i < frames.Count; i++)
        {
            yield return $"  {frames[i].Name} {frames[i].FileName}:{frames[i].Line}";
        }
    }

    public ReportSection Event(string heading, in EventRecord e, params string[] extra)
    {
        var lines = new List<string>(extra);
        lines.AddRange(Stack(e.Stack, e.Site, e.What));
        return new ReportSection($"{heading} by {StrandName(e.Strand)} at step {e.Step}:", lines);
    }

    public ReportSection Access(in MemoryAccess a)
    {
        var what = a.Kind switch
        {
            AccessKind.Read => "Read",
            AccessKind.Write => "Write",
            _ => "Atomic read-modify-write",
        };
        var heading = $"{what} of 8 bytes at pa {Hex(a.Address)} ({Describe(a.Address)}) as {a.View.Name()} by {StrandName(a.Strand)} at step {a.Step}:";
        var lines = new List<string>();
        if (a.Kind == AccessKind.Read)
        {
            lines.Add($"  value read: {Hex(a.OldValue)}");
        }
        else
        {
            lines.Add($"  value: {Hex(a.OldValue)} -> {Hex(a.NewValue)}");
        }

        lines.AddRange(Stack(a.Stack, a.Site, a.Primitive));
        return new ReportSection(heading, lines);
    }

    /// <summary>"lru.next ... was last written AS rcu_head.next by T2 call_rcu at step 41".</summary>
    public string LastWriter(ulong pa, View readAs)
    {
        var w = _view.PeekWord(pa);
        if (!w.Written)
        {
            return $"{readAs.Name()} at pa {Hex(pa)} was not written in this execution (boot contents)";
        }

        var @as = w.View == readAs ? $"as {w.View.Name()}" : $"AS {w.View.Name()}";
        return $"{readAs.Name()} at pa {Hex(pa)} was last written {@as} by {StrandName(w.Writer - 1)} {w.Primitive} at step {w.Step} ({Hex(w.Previous)} -> {Hex(_view.Peek(pa))})";
    }

    public ReportSection LastWriterSection(string heading, ulong pa, View readAs)
    {
        var w = _view.PeekWord(pa);
        var lines = w.Written ? Stack(w.Stack, w.Site, w.Primitive).ToList() : [];
        return new ReportSection($"{heading}: {LastWriter(pa, readAs)}", lines);
    }

    public ReportSection? CoveringReader(int fragment)
    {
        foreach (var id in Lifetime.OpenCoveringReaders(fragment))
        {
            return ReaderSection("Reader still in a covering section", id);
        }

        return null;
    }

    public ReportSection ReaderSection(string heading, int strand)
    {
        var s = _view.Strand(strand);
        return new ReportSection($"{heading}: {StrandName(strand)} ({s.SectionKind} since step {s.SectionStep}):",
            Stack(s.SectionStack, s.SectionSite, s.SectionKind).ToList());
    }

    // ------------------------------------------------------------ dumps

    public ReportSection PageDump(ulong pfn)
    {
        var physAddr = PhysicalLayout.PfnToPhys(pfn);
        var lines = new List<string>
        {
            $"page:{Hex(physAddr)} pfn:{Hex(pfn)} state:{Lifetime.State(pfn)} kind:{Lifetime.Kind(pfn)}",
        };
        for (var word = 0; word < 8; word++)
        {
            var pa = PhysicalLayout.StructPageAddress(pfn) + (ulong)word * PhysicalLayout.WordSize;
            var value = _view.Peek(pa);
            var views = string.Join(" | ", StructPage.ViewsOf(word).Select(v => v.Name()));
            var decoded = DecodeStructPageWord(word, value);
            var w = _view.PeekWord(pa);
            var writer = w.Written
                ? $"last written AS {w.View.Name()} by T{w.Writer - 1} {w.Primitive} at step {w.Step}"
                : "not written in this execution";
            lines.Add($"  w{word} {Px(value)}  {views}{decoded}  [{writer}]");
        }

        // The latest event of each kind, told in step order: the page's story as it happened.
        var lifecycle = new List<(long Step, string Line)>();
        AddLifecycle(lifecycle, "allocated", Lifetime.Allocated(pfn));
        AddLifecycle(lifecycle, "pgtable ctor", Lifetime.Ctor(pfn));
        if (Lifetime.ListedOn(pfn) != 0)
        {
            AddLifecycle(lifecycle, $"listed on {Hex(Lifetime.ListedOn(pfn))} ({Describe(Lifetime.ListedOn(pfn))})", Lifetime.Listed(pfn));
        }
        else
        {
            AddLifecycle(lifecycle, "unlisted", Lifetime.Unlisted(pfn));
        }

        if (Lifetime.RcuQueued(pfn).IsSet)
        {
            AddLifecycle(lifecycle, $"rcu_head queued (gp_seq needed {Lifetime.RcuGpNeeded(pfn)})", Lifetime.RcuQueued(pfn));
        }

        for (var half = 0; half < 2; half++)
        {
            var f = (int)pfn * 2 + half;
            AddLifecycle(lifecycle, $"half {half} attached to pmd {Hex(Lifetime.AttachedPmd(f))}",
                Lifetime.AttachedPmd(f) != 0 ? Lifetime.Attached(f) : default);
            AddLifecycle(lifecycle, $"half {half} detached from its pmd", Lifetime.Detached(f));
            AddLifecycle(lifecycle, $"half {half} queued for RCU freeing{(Lifetime.QueuePending(f) ? " (pending)" : "")}", Lifetime.Queued(f));
            AddLifecycle(lifecycle, $"half {half} handed out", Lifetime.Reused(f));
        }

        AddLifecycle(lifecycle, "pgtable dtor", Lifetime.Dtor(pfn));
        AddLifecycle(lifecycle, "freed", Lifetime.Freed(pfn));
        lines.Add("  lifecycle (the latest event of each kind, in step order):");
        lines.AddRange(lifecycle.OrderBy(e => e.Step).Select(e => e.Line));
        return new ReportSection($"struct page {Hex(physAddr)}", lines);
    }

    private void AddLifecycle(List<(long Step, string Line)> lifecycle, string what, in EventRecord e)
    {
        if (e.IsSet)
        {
            lifecycle.Add((e.Step, $"  {what} by T{e.Strand} {e.What} at step {e.Step} ({Function(e.Stack, e.Site)})"));
        }
    }

    private string DecodeStructPageWord(int word, ulong value)
    {
        switch (word)
        {
            case StructPage.Flags:
                var flags = (PageFlags)value;
                return flags == PageFlags.None ? "" : $" ({flags})";
            case StructPage.LruNext:
            case StructPage.LruPrev:
                if (_view.Symbolize(value) is { } symbol)
                {
                    return $" (= {symbol})";
                }

                if (value == ListPoison.Poison1)
                {
                    return " (= LIST_POISON1)";
                }

                return value == ListPoison.Poison2 ? " (= LIST_POISON2)" : "";
            case StructPage.Counts:
                var refcount = (uint)(value >> 32);
                var mask = refcount >> 24;
                return $" (_refcount {Hex(refcount)}, A/P byte {Hex(mask)}: AA={mask & 3} PP={(mask >> 4) & 3}; _mapcount {Hex((uint)value)})";
            default:
                return "";
        }
    }

    public ReportSection ShadowAround(ulong pa)
    {
        var lines = new List<string>();
        var pfn = pa >> PhysicalLayout.PageShift;
        var first = Math.Max(PhysicalLayout.FirstAllocatablePfn(_view.Options.PageCount), pfn == 0 ? 0 : pfn - 1);
        for (var p = first; p <= pfn + 1 && p < (ulong)_view.Options.PageCount; p++)
        {
            var line = new StringBuilder();
            line.Append(p == pfn ? ">" : " ").Append(' ').Append(Hex(p << PhysicalLayout.PageShift)).Append(": [")
                .Append(Lifetime.State(p)).Append(' ').Append(Lifetime.Kind(p)).Append(']');
            if (Lifetime.Kind(p) == PageKind.PteTable)
            {
                for (var half = 0; half < 2; half++)
                {
                    line.Append(" half").Append(half).Append(' ').Append(FragmentState((int)(p * 2) + half));
                }
            }

            lines.Add(line.ToString());
        }

        if (_view.IsRam(pa) && Lifetime.Kind(pfn) != PageKind.Vmemmap)
        {
            var from = Math.Max(pa & PhysicalLayout.PageMask, (pa & ~7UL) - 16);
            var to = Math.Min((pa & PhysicalLayout.PageMask) + PhysicalLayout.PageSize - 8, (pa & ~7UL) + 16);
            for (var w = from; w <= to; w += 8)
            {
                var ws = _view.PeekWord(w);
                var writer = ws.Written ? $"{ws.View.Name()} by T{ws.Writer - 1} {ws.Primitive} @{ws.Step}" : "-";
                lines.Add($"  {(w == (pa & ~7UL) ? ">" : " ")}{Hex(w)}: {Px(_view.Peek(w))}  {writer}");
            }
        }

        return new ReportSection("Shadow around the address", lines);
    }

    public string FragmentState(int f)
    {
        var parts = new List<string>();
        if (Lifetime.AttachedPmd(f) != 0)
        {
            parts.Add($"attached at pmd {Hex(Lifetime.AttachedPmd(f))}");
        }
        else if (Lifetime.Detached(f).IsSet && Lifetime.DetachGeneration(f) == Lifetime.FragmentGeneration(f))
        {
            var open = Lifetime.OpenCoveringReaders(f).Count();
            parts.Add($"DETACHED @{Lifetime.Detached(f).Step} ({open} covering reader(s) still open)");
        }

        if (Lifetime.QueuePending(f))
        {
            parts.Add($"PENDING-RCU ({Lifetime.Queued(f).What} @{Lifetime.Queued(f).Step})");
        }

        return parts.Count == 0 ? "[-]" : "[" + string.Join(", ", parts) + "]";
    }
}
