// SPDX-License-Identifier: GPL-2.0
// Paraphrases the rss accounting of include/linux/mm.h (add_mm_counter, mm_counter) and check_mm of kernel/fork.c.

using System.Runtime.CompilerServices;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// The rss counters: whoever sets a pte that maps a page counts it in (<c>add_mm_counter</c>), whoever
/// clears it counts it out, and <c>__mmdrop</c>'s <c>check_mm</c> reports a counter left nonzero. A pte
/// lost with its table (freed while it still mapped a page) is never counted out.
/// </summary>
public static class RssPrimitives
{
    /// <summary><c>PAGE_MAPPING_ANON</c>: bit 0 of <c>page->mapping</c> on an anonymous page.</summary>
    public const ulong PageMappingAnon = 1;

    /// <summary><c>add_mm_counter(mm, member, value)</c> (inc_mm_counter is +1, dec_mm_counter -1).</summary>
    public static void AddMmCounter(this Machine m, [RequiresMm] Mm mm, MmCounter counter, long value,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(m);
        m.RmwWord(mm.WordAddress(WordOf(counter)), RmwOp.Add, unchecked((ulong)value), 0, View.MmRssStat,
            "add_mm_counter", new Callsite(caller, file, line));
    }

    /// <summary>
    /// <c>folio_add_new_anon_rmap</c> as far as the counters see it: a new page becomes anonymous
    /// (<c>page->mapping</c> = anon_vma | <c>PAGE_MAPPING_ANON</c>; the emulator has no anon_vma).
    /// </summary>
    public static void FolioAddNewAnonRmap(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(m);
        m.WriteWord(page.Mapping.Address, PageMappingAnon, View.Mapping, AccessMode.Plain, "folio_add_new_anon_rmap",
            new Callsite(caller, file, line));
    }

    /// <summary><c>mm_counter(folio)</c>: the counter a mapped page is counted in (reads <c>page->mapping</c>).</summary>
    public static MmCounter MmCounterOf(this Machine m, Page page, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(m);
        var mapping = m.ReadWord(page.Mapping.Address, View.Mapping, AccessMode.Once, "mm_counter",
            new Callsite(caller, file, line));
        return (mapping & PageMappingAnon) != 0 ? MmCounter.AnonPages : MmCounter.FilePages;
    }

    /// <summary>The kernel's name of a counter, as check_mm prints it.</summary>
    public static string KernelName(this MmCounter counter) => counter switch
    {
        MmCounter.FilePages => "MM_FILEPAGES",
        MmCounter.AnonPages => "MM_ANONPAGES",
        _ => counter.ToString(),
    };

    /// <summary>check_mm (from __mmdrop): reads every counter; the checkers judge each value.</summary>
    internal static void CheckMm(Machine m, Mm mm, in Callsite site)
    {
        foreach (var counter in Enum.GetValues<MmCounter>())
        {
            var value = (long)m.ReadWord(mm.WordAddress(WordOf(counter)), View.MmRssStat, AccessMode.Plain, "check_mm", site);
            m.Hub.OnCheckMm(mm, counter, value, site);
        }
    }

    private static int WordOf(MmCounter counter) =>
        counter == MmCounter.AnonPages ? MmLayout.RssAnonPages : MmLayout.RssFilePages;
}
