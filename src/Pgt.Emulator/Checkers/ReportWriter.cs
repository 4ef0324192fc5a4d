using System.Globalization;
using System.Text;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// Builds the parts every report shares, in the KASAN/KCSAN style of emulator.md B8: the title, the
/// access with its strand and emulated stack, earlier events with their stacks, the reader still in a
/// covering section, the struct page dump with every union view and the view that last wrote each word,
/// and the shadow state around the address. Everything is derived from emulator state, never from
/// hash order or time, so the same schedule gives the same text.
/// </summary>
internal sealed class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly Machine _machine;

    public ReportWriter(Machine machine) => this._machine = machine;

    private Shadow Shadow => _machine.Shadow;

    public Finding Make(string kind, string function, string subject, IEnumerable<ReportSection?> sections) =>
        new(kind, $"BUG: EMU: {kind} in {function} ({subject})", sections.OfType<ReportSection>().ToList());

    public Finding Make(string kind, string function, IEnumerable<ReportSection?> sections) =>
        new(kind, $"BUG: EMU: {kind} in {function}", sections.OfType<ReportSection>().ToList());

    // ------------------------------------------------------------ names

    public string StrandName(int id)
    {
        var s = _machine.Strand(id);
        var where = s.Role switch
        {
            StrandRole.Softirq => $" (softirq, CPU{s.Cpu})",
            StrandRole.GracePeriodKthread => " (kthread)",
            _ => $" (CPU{s.Cpu})",
        };
        return $"T{id} \"{_machine.NameOf(id)}\"{where}";
    }

    /// <summary>The emulated function the running strand is in: its innermost frame, else the C# caller.</summary>
    public string Function(StrandState s, in Callsite site) =>
        _machine.Stacks.Innermost(s.StackNode)?.Name ?? site.Member;

    public string Function(int stack, in Callsite site) => _machine.Stacks.Innermost(stack)?.Name ?? site.Member;

    public static string Hex(ulong value) => "0x" + value.ToString("x", Invariant);

    /// <summary>%px: 16 hex digits, as lib/list_debug.c prints pointers.</summary>
    public static string Px(ulong value) => value.ToString("x16", Invariant);

    /// <summary>A short name for the object at <paramref name="pa"/>, for titles.</summary>
    public string Subject(ulong pa)
    {
        if (!_machine.Memory.IsRam(pa))
        {
            return $"address {Hex(pa)}";
        }

        var pfn = pa >> PhysicalLayout.PageShift;
        return Shadow.Kind[pfn] switch
        {
            PageKind.Vmemmap => $"struct page of page {Hex(PageOfStructPageWord(pa) << PhysicalLayout.PageShift)}",
            PageKind.PteTable => $"pte fragment {(pa >> Shadow.FragmentShift) & 1} of page {Hex(pfn << PhysicalLayout.PageShift)}",
            PageKind.PmdTable => $"pmd table of mm#{Shadow.MmSerial[pfn]}",
            PageKind.Mm => $"mm#{Shadow.MmSerial[pfn]}",
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

        if (!_machine.Memory.IsRam(pa))
        {
            return DescribeNonRam(pa);
        }

        var pfn = pa >> PhysicalLayout.PageShift;
        var pageBase = pfn << PhysicalLayout.PageShift;
        var wordInPage = (int)((pa - pageBase) / PhysicalLayout.WordSize);
        switch (Shadow.Kind[pfn])
        {
            case PageKind.Vmemmap:
                var word = StructPageWord(pa);
                var views = string.Join(" | ", StructPage.ViewsOf(word).Select(v => v.Name()));
                return $"{views} of struct page of page {Hex(PageOfStructPageWord(pa) << PhysicalLayout.PageShift)} (word {word})";
            case PageKind.PteTable:
                var half = (pa >> Shadow.FragmentShift) & 1;
                return $"pte[{wordInPage % PageTableBits.PtrsPerPte}] of pte fragment {half} of page {Hex(pageBase)}";
            case PageKind.PmdTable:
                return $"pmd[{wordInPage}] of the pmd table of mm#{Shadow.MmSerial[pfn]}";
            case PageKind.Mm:
                return $"{MmLayout.ViewOf(wordInPage).Name()} of mm#{Shadow.MmSerial[pfn]}";
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

        if (_machine.Functions.Symbolize(pa) is { } symbol)
        {
            return $"the function {symbol}: a callback pointer used as data";
        }

        return (pa & 7) != 0 ? "a misaligned address" : "beyond emulated memory";
    }

    public static int StructPageWord(ulong pa) =>
        (int)((pa - PhysicalLayout.VmemmapBase) / PhysicalLayout.WordSize % 8);

    public static ulong PageOfStructPageWord(ulong pa) =>
        (pa - PhysicalLayout.VmemmapBase) / PhysicalLayout.StructPageSize;

    // ------------------------------------------------------------ stacks and events

    public IEnumerable<string> Stack(int stack, Callsite site, string? primitive)
    {
        if (primitive is not null && primitive != site.Member)
        {
            yield return "  " + primitive;
        }

        var frames = _machine.Stacks.Frames(stack).ToList();
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
        var w = Shadow.PeekWord(pa);
        if (!w.Written)
        {
            return $"{readAs.Name()} at pa {Hex(pa)} was not written in this execution (boot contents)";
        }

        var @as = w.View == readAs ? $"as {w.View.Name()}" : $"AS {w.View.Name()}";
        return $"{readAs.Name()} at pa {Hex(pa)} was last written {@as} by {StrandName(w.Writer - 1)} {w.Primitive} at step {w.Step} ({Hex(w.Previous)} -> {Hex(_machine.Memory.Peek(pa))})";
    }

    public ReportSection LastWriterSection(string heading, ulong pa, View readAs)
    {
        var w = Shadow.PeekWord(pa);
        var lines = w.Written ? Stack(w.Stack, w.Site, w.Primitive).ToList() : [];
        return new ReportSection($"{heading}: {LastWriter(pa, readAs)}", lines);
    }

    public ReportSection? CoveringReader(int fragment)
    {
        foreach (var id in _machine.Tracker.OpenCoveringReaders(fragment))
        {
            return ReaderSection("Reader still in a covering section", id);
        }

        return null;
    }

    public ReportSection ReaderSection(string heading, int strand)
    {
        var s = _machine.Strand(strand);
        return new ReportSection($"{heading}: {StrandName(strand)} ({s.SectionKind} since step {s.SectionStep}):",
            Stack(s.SectionStack, s.SectionSite, s.SectionKind).ToList());
    }

    // ------------------------------------------------------------ dumps

    public ReportSection PageDump(ulong pfn)
    {
        var page = new Page(_machine, pfn);
        var lines = new List<string>
        {
            $"page:{Hex(page.PhysAddr)} pfn:{Hex(pfn)} state:{Shadow.State[pfn]} kind:{Shadow.Kind[pfn]}",
        };
        for (var word = 0; word < 8; word++)
        {
            var pa = page.WordAddress(word);
            var value = _machine.Memory.Peek(pa);
            var views = string.Join(" | ", StructPage.ViewsOf(word).Select(v => v.Name()));
            var decoded = DecodeStructPageWord(word, value);
            var w = Shadow.PeekWord(pa);
            var writer = w.Written
                ? $"last written AS {w.View.Name()} by T{w.Writer - 1} {w.Primitive} at step {w.Step}"
                : "not written in this execution";
            lines.Add($"  w{word} {Px(value)}  {views}{decoded}  [{writer}]");
        }

        AddLifecycle(lines, "allocated", Shadow.Allocated[pfn]);
        AddLifecycle(lines, "pgtable ctor", Shadow.Ctor[pfn]);
        if (Shadow.ListedOn[pfn] != 0)
        {
            AddLifecycle(lines, $"listed on {Hex(Shadow.ListedOn[pfn])} ({Describe(Shadow.ListedOn[pfn])})", Shadow.Listed[pfn]);
        }
        else
        {
            AddLifecycle(lines, "unlisted", Shadow.Unlisted[pfn]);
        }

        if (Shadow.RcuQueued[pfn].IsSet)
        {
            AddLifecycle(lines, $"rcu_head queued (gp_seq needed {Shadow.RcuGpNeeded[pfn]})", Shadow.RcuQueued[pfn]);
        }

        for (var half = 0; half < 2; half++)
        {
            var f = (int)pfn * 2 + half;
            AddLifecycle(lines, $"half {half} attached to pmd {Hex(Shadow.AttachedPmd[f])}",
                Shadow.AttachedPmd[f] != 0 ? Shadow.Attached[f] : default);
            AddLifecycle(lines, $"half {half} detached from its pmd", Shadow.Detached[f]);
            AddLifecycle(lines, $"half {half} queued for RCU freeing{(Shadow.QueuePending[f] ? " (pending)" : "")}", Shadow.Queued[f]);
            AddLifecycle(lines, $"half {half} handed out", Shadow.Reused[f]);
        }

        AddLifecycle(lines, "pgtable dtor", Shadow.Dtor[pfn]);
        AddLifecycle(lines, "freed", Shadow.Freed[pfn]);
        return new ReportSection($"struct page {Hex(page.PhysAddr)}", lines);
    }

    private void AddLifecycle(List<string> lines, string what, in EventRecord e)
    {
        if (e.IsSet)
        {
            lines.Add($"  {what} by T{e.Strand} {e.What} at step {e.Step} ({Function(e.Stack, e.Site)})");
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
                if (_machine.Functions.Symbolize(value) is { } symbol)
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
        var first = Math.Max(PhysicalLayout.FirstAllocatablePfn(_machine.Options.PageCount), pfn == 0 ? 0 : pfn - 1);
        for (var p = first; p <= pfn + 1 && p < (ulong)_machine.Options.PageCount; p++)
        {
            var line = new StringBuilder();
            line.Append(p == pfn ? ">" : " ").Append(' ').Append(Hex(p << PhysicalLayout.PageShift)).Append(": [")
                .Append(Shadow.State[p]).Append(' ').Append(Shadow.Kind[p]).Append(']');
            if (Shadow.Kind[p] == PageKind.PteTable)
            {
                for (var half = 0; half < 2; half++)
                {
                    line.Append(" half").Append(half).Append(' ').Append(FragmentState((int)(p * 2) + half));
                }
            }

            lines.Add(line.ToString());
        }

        if (_machine.Memory.IsRam(pa) && Shadow.Kind[pfn] != PageKind.Vmemmap)
        {
            var from = Math.Max(pa & PhysicalLayout.PageMask, (pa & ~7UL) - 16);
            var to = Math.Min((pa & PhysicalLayout.PageMask) + PhysicalLayout.PageSize - 8, (pa & ~7UL) + 16);
            for (var w = from; w <= to; w += 8)
            {
                var ws = Shadow.PeekWord(w);
                var writer = ws.Written ? $"{ws.View.Name()} by T{ws.Writer - 1} {ws.Primitive} @{ws.Step}" : "-";
                lines.Add($"  {(w == (pa & ~7UL) ? ">" : " ")}{Hex(w)}: {Px(_machine.Memory.Peek(w))}  {writer}");
            }
        }

        return new ReportSection("Shadow around the address", lines);
    }

    public string FragmentState(int f)
    {
        var parts = new List<string>();
        if (Shadow.AttachedPmd[f] != 0)
        {
            parts.Add($"attached at pmd {Hex(Shadow.AttachedPmd[f])}");
        }
        else if (Shadow.Detached[f].IsSet && Shadow.DetachGeneration[f] == Shadow.FragmentGeneration[f])
        {
            var open = _machine.Tracker.OpenCoveringReaders(f).Count();
            parts.Add($"DETACHED @{Shadow.Detached[f].Step} ({open} covering reader(s) still open)");
        }

        if (Shadow.QueuePending[f])
        {
            parts.Add($"PENDING-RCU ({Shadow.Queued[f].What} @{Shadow.Queued[f].Step})");
        }

        return parts.Count == 0 ? "[-]" : "[" + string.Join(", ", parts) + "]";
    }

    // ------------------------------------------------------------ reports raised by the machine itself

    public Finding WildAccess(StrandState s, ulong pa, AccessKind kind, View view, string primitive, in Callsite site)
    {
        var access = new MemoryAccess(kind, pa, 0, 0, view, AccessMode.Plain, primitive, site, s.Id,
            _machine.Step, s.StackNode);
        var what = pa < PhysicalLayout.PageSize
            ? $"BUG: kernel NULL pointer dereference, address: {Px(pa)}"
            : $"BUG: unable to handle page fault for address: {Px(pa)}";
        return Make(FindingKinds.WildAccess, Function(s, site), $"address {Hex(pa)}",
        [
            new ReportSection("Fault", [what, $"  the address is {Describe(pa)}"]),
            new ReportSection("Access", [
                $"{(kind == AccessKind.Read ? "Read" : "Write")} of 8 bytes at {Hex(pa)} as {view.Name()} by {StrandName(s.Id)} at step {_machine.Step}",
                .. Stack(access.Stack, site, primitive)]),
        ]);
    }

    public Finding Unbalanced(StrandState s, string primitive, in Callsite site, string message) =>
        Make(FindingKinds.UnbalancedContext, Function(s, site),
        [
            new ReportSection("Context", [$"WARNING: {message}", $"  by {StrandName(s.Id)} at step {_machine.Step}",
                .. Stack(s.StackNode, site, primitive)]),
        ]);

    public Finding OutOfMemory(StrandState s, int order, string primitive, in Callsite site) =>
        Make(FindingKinds.OutOfMemory, Function(s, site),
        [
            new ReportSection("Allocation", [
                $"page allocation failure: order:{order}: the emulated RAM ({_machine.Options.PageCount} pages) is exhausted; raise MachineOptions.PageCount",
                .. Stack(s.StackNode, site, primitive)]),
        ]);

    public Finding SleepInAtomic(StrandState s, string primitive, in Callsite site, string message) =>
        Make(FindingKinds.SleepInAtomic, Function(s, site),
        [
            new ReportSection("Context", [
                $"BUG: sleeping function called from invalid context: {message}",
                $"in_atomic(): {(s.IsReader ? 1 : 0)}, irqs_disabled(): {(s.IrqDepth > 0 ? 1 : 0)}, in_softirq(): {(s.InSoftirq ? 1 : 0)}, name: {_machine.NameOf(s.Id)}",
                $"by {StrandName(s.Id)} at step {_machine.Step}",
                .. Stack(s.StackNode, site, primitive)]),
            s.SectionOpen ? ReaderSection("The section it is in", s.Id) : null,
        ]);

    public Finding CorruptedCallback(StrandState s, int record, ulong func)
    {
        ref var r = ref _machine.Rcu.Record(record);
        return Make(FindingKinds.CorruptedCallback, "rcu_do_batch", $"rcu_head {Hex(r.Head)}",
        [
            new ReportSection("Oops", [
                $"BUG: unable to handle page fault for address: {Px(func)} (rcu_head.func is not a function: {Describe(func)})",
                $"the callback queued as {r.FuncName} by T{r.Queued.Strand} at step {r.Queued.Step} was overwritten",
                $"in {StrandName(s.Id)} at step {_machine.Step}"]),
            LastWriterSection("Last writer of rcu_head.func", r.Head + 8, View.RcuHeadFunc),
            Event("Queued by call_rcu", r.Queued),
        ]);
    }
}
