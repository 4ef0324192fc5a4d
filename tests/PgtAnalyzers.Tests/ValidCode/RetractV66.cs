// SPDX-License-Identifier: GPL-2.0
// khugepaged's retract_page_tables() after the 2023 series: the pmd is cleared under the lock, then the
// table goes to pte_free_defer() and is never touched again.
using StandIn;
using static StandIn.Kernel;

namespace ValidCode
{
    internal static class RetractV66
    {
        public static void RetractPageTables(Vma vma, PmdSlot pmd)
        {
            var mm = vma.Mm;
            SpinLock(mm);
            var table = pmd.Table;
            pmd.Table = null;
            SpinUnlock(mm);
            if (table is null)
            {
                return;
            }

            // Clear the entries first: after the hand-off the table is read-only until the grace period ends.
            for (var i = 0; i < Primitives.PtrsPerPte; i++)
            {
                table[i] = Primitives.PageInvalid;
            }

            PgallocV66.PteFreeDefer(mm, table);
        }

        public static void CollapseAll(TaskStruct task, PmdSlot[] pmds)
        {
            foreach (var pmd in pmds)
            {
                var vma = new Vma { Mm = task.Mm };
                RetractPageTables(vma, pmd);
            }
        }
    }
}
