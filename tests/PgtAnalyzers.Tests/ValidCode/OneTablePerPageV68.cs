// SPDX-License-Identifier: GPL-2.0
// v6.8 (commit d08d4e7cd6bf): one page table per 4K page, no fragments, no list, no shared rcu_head.
using PgtAnalyzers.Annotations;
using StandIn;
using static StandIn.Kernel;
using static ValidCode.Primitives;

namespace ValidCode
{
    internal static class PgallocV68
    {
        public static PteTable PageTableAlloc([RequiresMm] Mm mm)
        {
            var page = AllocPage();
            var table = page.Table;
            Memset64(table.Words, mm.HasPgste ? 0UL : PageInvalid, PtrsPerPte);
            return table;
        }

        public static void PageTableFree([RequiresMm] Mm mm, PteTable table) => PagetableFree(Page.FromTable(table));

        public static void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable pgtable)
        {
            var page = Page.FromTable(pgtable);
            CallRcu(page.RcuHead, PteFreeNow);
        }

        [NoMm]
        public static void PteFreeNow(RcuHead head)
        {
            var page = Page.FromRcuHead(head);
            RcuHeadDone(head);
            PagetableFree(page);
        }

        public static void FreeAll([RequiresMm] Mm mm, PteTable[] tables)
        {
            foreach (var table in tables)
            {
                table[0] = PageInvalid;
                PteFreeDefer(mm, table);
            }
        }
    }
}
