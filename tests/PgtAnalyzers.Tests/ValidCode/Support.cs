// Stand-ins for the kernel primitives the corpus needs beyond the shared prelude.
using PgtAnalyzers.Annotations;
using StandIn;

namespace ValidCode
{
    internal static class Primitives
    {
        public const ulong PageInvalid = 0x400;
        public const int PtrsPerPte = 256;

        /// <summary>atomic_xor_bits(): returns the new value.</summary>
        public static uint AtomicXorBits(Page page, uint bits)
        {
            page.RefCount ^= (int)bits;
            return (uint)page.RefCount;
        }

        public static uint AtomicRead(Page page) => (uint)page.RefCount;

        /// <summary>list_first_entry(&amp;mm-&gt;context.pgtable_list, struct page, lru).</summary>
        public static Page? FirstListedPage(ListHead head) => head.Next is null ? null : new Page();

        /// <summary>Which 2K half of its 4K page a table is (the address bit).</summary>
        public static int HalfOf(PteTable table) => 0;

        public static Page AllocPage() => new Page { Table = new PteTable() };

        public static bool TestClearPageActive(Page page)
        {
            var was = page.Active;
            page.Active = false;
            return was;
        }

        public static void PageTableReleaseCheck(Page page, PteTable table, uint half, uint mask)
        {
        }

        /// <summary>End of an RCU callback: the rcu_head is no longer in use.</summary>
        public static void RcuHeadDone([Releases] RcuHead head)
        {
        }
    }

    /// <summary>struct mmu_gather: the mm being torn down travels with it.</summary>
    internal sealed class MmuGather
    {
        [MmSource] public Mm Mm { get; } = new Mm();
    }

    /// <summary>A pmd entry pointing at a page table.</summary>
    internal sealed class PmdSlot
    {
        public PteTable? Table { get; set; }
    }
}
