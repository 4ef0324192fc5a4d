using System.Runtime.CompilerServices;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// include/linux/list.h on emulated memory, with CONFIG_DEBUG_LIST: every add and del is validated by
/// <see cref="ListDebug"/> first, <c>list_del</c> poisons, <c>list_del_init</c> self-links.
/// Each load and store is a scheduling point on its word.
/// </summary>
public static class ListPrimitives
{
    /// <summary>INIT_LIST_HEAD(list).</summary>
    public static void InitListHead(this Machine m, [Writes] ListHead list, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        m.WriteWord(list.Address, list.Address, list.NextView, AccessMode.Once, "INIT_LIST_HEAD", site);
        m.NoteListed(list.Address, 0, "INIT_LIST_HEAD", site);
        m.WriteWord(list.Address + 8, list.Address, list.PrevView, AccessMode.Plain, "INIT_LIST_HEAD", site);
    }

    /// <summary>list_add(entry, head): insert after <paramref name="head"/>.</summary>
    public static void ListAdd(this Machine m, [Claims, Writes] ListHead entry, ListHead head,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        var next = m.ReadWord(head.Address, head.NextView, AccessMode.Plain, "list_add", site);
        Insert(m, entry, head.Address, next, head, "list_add", site);
    }

    /// <summary>list_add_tail(entry, head): insert before <paramref name="head"/>.</summary>
    public static void ListAddTail(this Machine m, [Claims, Writes] ListHead entry, ListHead head,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        var prev = m.ReadWord(head.Address + 8, head.PrevView, AccessMode.Plain, "list_add_tail", site);
        Insert(m, entry, prev, head.Address, head, "list_add_tail", site);
    }

    /// <summary>list_del(entry): unlink and poison.</summary>
    public static void ListDel(this Machine m, [Releases] ListHead entry, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        Unlink(m, entry, "list_del", site);
        m.WriteWord(entry.Address, ListPoison.Poison1, entry.NextView, AccessMode.Plain, "list_del", site);
        m.NoteListed(entry.Address, 0, "list_del", site);
        m.WriteWord(entry.Address + 8, ListPoison.Poison2, entry.PrevView, AccessMode.Plain, "list_del", site);
    }

    /// <summary>list_del_init(entry): unlink and self-link, safe on an entry that is not listed.</summary>
    public static void ListDelInit(this Machine m, [Releases] ListHead entry, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        Unlink(m, entry, "list_del_init", site);
        m.WriteWord(entry.Address, entry.Address, entry.NextView, AccessMode.Once, "list_del_init", site);
        m.NoteListed(entry.Address, 0, "list_del_init", site);
        m.WriteWord(entry.Address + 8, entry.Address, entry.PrevView, AccessMode.Plain, "list_del_init", site);
    }

    /// <summary>list_empty(head): READ_ONCE(head->next) == head.</summary>
    public static bool ListEmpty(this Machine m, ListHead head, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(head.Address, head.NextView, AccessMode.Once, "list_empty", new Callsite(caller, file, line))
        == head.Address;

    /// <summary>
    /// list_first_entry(head, ...): the node after <paramref name="head"/> (use
    /// <see cref="Page.FromLru"/> for <c>struct page, lru</c>). On an empty list that is the head itself.
    /// </summary>
    public static ListHead ListFirstEntry(this Machine m, ListHead head, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var next = m.ReadWord(head.Address, head.NextView, AccessMode.Plain, "list_first_entry",
            new Callsite(caller, file, line));
        return ListDebug.NodeAt(m, next, head);
    }

    private static void Insert(Machine m, ListHead entry, ulong prev, ulong next, ListHead head, string primitive,
        in Callsite site)
    {
        if (m.ListDebug is { } debug)
        {
            debug.ValidAdd(entry, prev, next, head, primitive, site);
        }

        var nextNode = ListDebug.NodeAt(m, next, head);
        var prevNode = ListDebug.NodeAt(m, prev, head);
        m.WriteWord(next + 8, entry.Address, nextNode.PrevView, AccessMode.Plain, primitive, site);
        m.WriteWord(entry.Address, next, entry.NextView, AccessMode.Plain, primitive, site);
        // Listed-on is kept with the entry's first word (lru.next), which the release check reads.
        m.NoteListed(entry.Address, head.Address, primitive, site);
        m.WriteWord(entry.Address + 8, prev, entry.PrevView, AccessMode.Plain, primitive, site);
        m.WriteWord(prev, entry.Address, prevNode.NextView, AccessMode.Once, primitive, site);
    }

    private static void Unlink(Machine m, ListHead entry, string primitive, in Callsite site)
    {
        ulong prev, next;
        if (m.ListDebug is { } debug)
        {
            (prev, next) = debug.ValidDel(entry, primitive, site);
        }
        else
        {
            prev = m.ReadWord(entry.Address + 8, entry.PrevView, AccessMode.Plain, primitive, site);
            next = m.ReadWord(entry.Address, entry.NextView, AccessMode.Plain, primitive, site);
        }

        // __list_del(prev, next)
        var nextNode = ListDebug.NodeAt(m, next, entry);
        var prevNode = ListDebug.NodeAt(m, prev, entry);
        m.WriteWord(next + 8, prev, nextNode.PrevView, AccessMode.Plain, primitive, site);
        m.WriteWord(prev, next, prevNode.NextView, AccessMode.Once, primitive, site);
    }
}
