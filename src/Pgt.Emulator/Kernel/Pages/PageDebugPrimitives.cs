using System.Runtime.CompilerServices;
using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>DEBUG_VM reports about a page (mm/debug.c).</summary>
public static class PageDebugPrimitives
{
    /// <summary>
    /// dump_page(page, reason), called by a DEBUG_VM check that failed, as s390's
    /// <c>page_table_release_check</c> does ("Invalid pgtable %p release half 0x%02x mask 0x%02x"). The
    /// execution ends with a <c>bad-page-release</c> finding carrying the reason, the caller's stack and the
    /// struct page with every union view. Not a scheduling point: it only reports.
    /// </summary>
    public static void DumpPage(this Machine m, Page page, string reason, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var site = new Callsite(caller, file, line);
        var s = m.Current;
        m.Fail(m.Findings.Make(FindingKinds.BadPageRelease, m.Findings.Function(s, site), page.ToString(),
        [
            new ReportSection("dump_page", [$"page dumped because: {reason}"]),
            new ReportSection($"Dumped by {m.Findings.StrandName(s.Id)} at step {m.Step}:",
                [.. m.Findings.Stack(s.StackNode, site, "dump_page")]),
            m.Findings.PageDump(page.Pfn),
        ]));
    }
}
