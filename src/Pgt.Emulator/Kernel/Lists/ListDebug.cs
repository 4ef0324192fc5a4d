using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// CONFIG_DEBUG_LIST (lib/list_debug.c, v6.4): the list primitives call <see cref="ValidAdd"/> and
/// <see cref="ValidDel"/> before they link or unlink, with the kernel's checks and messages. Beyond the
/// kernel, the report names the word that held the bad value, the view that read it and the view that
/// last wrote it: "lru.next ... was last written AS rcu_head.next by T2 call_rcu at step 41".
/// </summary>
internal sealed class ListDebug
{
    private readonly Machine _machine;

    public ListDebug(Machine machine) => _machine = machine;

    private Machine Machine => _machine;

    private FindingSections Reports => _machine.Findings;

    /// <summary>__list_add_valid(new, prev, next); <paramref name="head"/> is the list operated on.</summary>
    public void ValidAdd(ListHead entry, ulong prev, ulong next, ListHead head, string primitive, in Callsite site)
    {
        // Which word each pointer came from: list_add read head->next, list_add_tail read head->prev.
        var prevSource = prev == head.Address ? 0 : head.Address + 8;
        var nextSource = next == head.Address ? 0 : head.Address;
        if (prev == 0)
        {
            Corrupt(entry, primitive, site, "list_add corruption. prev is NULL.", prevSource, head.PrevView);
        }

        if (next == 0)
        {
            Corrupt(entry, primitive, site, "list_add corruption. next is NULL.", nextSource, head.NextView);
        }

        var nextNode = NodeAt(Machine, next, head);
        var nextPrev = Machine.ReadWord(next + 8, nextNode.PrevView, AccessMode.Plain, primitive, site);
        if (nextPrev != prev)
        {
            Corrupt(entry, primitive, site,
                $"list_add corruption. next->prev should be prev ({FindingSections.Px(prev)}), but was {FindingSections.Px(nextPrev)}. (next={FindingSections.Px(next)}).",
                next + 8, nextNode.PrevView);
        }

        var prevNode = NodeAt(Machine, prev, head);
        var prevNext = Machine.ReadWord(prev, prevNode.NextView, AccessMode.Plain, primitive, site);
        if (prevNext != next)
        {
            Corrupt(entry, primitive, site,
                $"list_add corruption. prev->next should be next ({FindingSections.Px(next)}), but was {FindingSections.Px(prevNext)}. (prev={FindingSections.Px(prev)}).",
                prev, prevNode.NextView);
        }

        if (entry.Address == prev || entry.Address == next)
        {
            Corrupt(entry, primitive, site,
                $"list_add double add: new={FindingSections.Px(entry.Address)}, prev={FindingSections.Px(prev)}, next={FindingSections.Px(next)}.",
                entry.Address, entry.NextView);
        }
    }

    /// <summary>__list_del_entry_valid(entry); returns the (prev, next) it read.</summary>
    public (ulong Prev, ulong Next) ValidDel(ListHead entry, string primitive, in Callsite site)
    {
        var prev = Machine.ReadWord(entry.Address + 8, entry.PrevView, AccessMode.Plain, primitive, site);
        var next = Machine.ReadWord(entry.Address, entry.NextView, AccessMode.Plain, primitive, site);
        var px = FindingSections.Px(entry.Address);
        if (next == 0)
        {
            Corrupt(entry, primitive, site, $"list_del corruption, {px}->next is NULL", entry.Address, entry.NextView);
        }

        if (prev == 0)
        {
            Corrupt(entry, primitive, site, $"list_del corruption, {px}->prev is NULL", entry.Address + 8, entry.PrevView);
        }

        if (next == ListPoison.Poison1)
        {
            Corrupt(entry, primitive, site,
                $"list_del corruption, {px}->next is LIST_POISON1 ({FindingSections.Px(ListPoison.Poison1)})",
                entry.Address, entry.NextView);
        }

        if (prev == ListPoison.Poison2)
        {
            Corrupt(entry, primitive, site,
                $"list_del corruption, {px}->prev is LIST_POISON2 ({FindingSections.Px(ListPoison.Poison2)})",
                entry.Address + 8, entry.PrevView);
        }

        var prevNode = NodeAt(Machine, prev, entry);
        var prevNext = Machine.ReadWord(prev, prevNode.NextView, AccessMode.Plain, primitive, site);
        if (prevNext != entry.Address)
        {
            Corrupt(entry, primitive, site,
                $"list_del corruption. prev->next should be {px}, but was {FindingSections.Px(prevNext)}. (prev={FindingSections.Px(prev)})",
                prev, prevNode.NextView);
        }

        var nextNode = NodeAt(Machine, next, entry);
        var nextPrev = Machine.ReadWord(next + 8, nextNode.PrevView, AccessMode.Plain, primitive, site);
        if (nextPrev != entry.Address)
        {
            Corrupt(entry, primitive, site,
                $"list_del corruption. next->prev should be {px}, but was {FindingSections.Px(nextPrev)}. (next={FindingSections.Px(next)})",
                next + 8, nextNode.PrevView);
        }

        return (prev, next);
    }

    /// <summary>
    /// The list node at <paramref name="address"/> with the views of what lives there: a page's lru, an
    /// mm's pgtable_list, a list_head threaded through a table, else the same kind as <paramref name="like"/>.
    /// </summary>
    public static ListHead NodeAt(Machine m, ulong address, ListHead like)
    {
        if (m.Memory.IsRam(address))
        {
            var pfn = address >> PhysicalLayout.PageShift;
            switch (m.Lifetime.Kind(pfn))
            {
                case PageKind.Vmemmap when StructPage.WordOf(address) == StructPage.LruNext:
                    return new ListHead(m, address, View.LruNext, View.LruPrev);
                case PageKind.Mm when (address & ~PhysicalLayout.PageMask) / 8 == MmLayout.PgtableListNext:
                    return new ListHead(m, address, View.PgtableListNext, View.PgtableListPrev);
                case PageKind.PteTable:
                    return new ListHead(m, address);
            }
        }

        return like.Sibling(address);
    }

    private void Corrupt(ListHead entry, string primitive, in Callsite site, string message, ulong badWord, View readAs)
    {
        var s = Machine.Current;
        var sections = new List<ReportSection?>
        {
            new("DEBUG_LIST", [message, "kernel BUG at lib/list_debug.c (CHECK_DATA_CORRUPTION)"]),
            new("Operation", [
                $"{primitive} on {FindingSections.Hex(entry.Address)} ({Reports.Describe(entry.Address)}) by {Reports.StrandName(s.Id)} at step {Machine.Step}",
                .. Reports.Stack(s.StackNode, site, primitive)]),
        };
        if (badWord != 0 && Machine.Memory.IsRam(badWord))
        {
            sections.Add(Reports.LastWriterSection("Last writer of the bad word", badWord, readAs));
        }

        foreach (var word in new[] { entry.Address, entry.Address + 8 })
        {
            if (word != badWord && Machine.Memory.IsRam(word))
            {
                sections.Add(Reports.LastWriterSection("Last writer of the entry",
                    word, word == entry.Address ? entry.NextView : entry.PrevView));
            }
        }

        AddPageDump(sections, badWord);
        if (PageOwning(entry.Address) != PageOwning(badWord))
        {
            AddPageDump(sections, entry.Address);
        }

        Machine.Fail(Reports.Make(FindingKinds.ListCorruption, Reports.Function(s, site), Reports.Subject(entry.Address),
            sections));
    }

    private ulong PageOwning(ulong pa) =>
        Machine.Memory.IsRam(pa) && Machine.Lifetime.Kind(pa >> PhysicalLayout.PageShift) == PageKind.Vmemmap
            ? StructPage.PfnOf(pa)
            : pa >> PhysicalLayout.PageShift;

    private void AddPageDump(List<ReportSection?> sections, ulong pa)
    {
        if (Machine.Memory.IsRam(pa) && Machine.Lifetime.Kind(pa >> PhysicalLayout.PageShift) == PageKind.Vmemmap)
        {
            sections.Add(Reports.PageDump(StructPage.PfnOf(pa)));
        }
    }
}
