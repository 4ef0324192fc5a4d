namespace Pgt.Benchmarks.Corpus;

/// <summary>
/// The kernel stand-in types the generated corpus calls, annotated as the port is. The mmu_gather is
/// disposable (tlb_gather_mmu ... tlb_finish_mmu is a scope), so the dispose analyzers have port-shaped
/// work too, not only the ordinary code's streams.
/// </summary>
internal static class StandInSource
{
    public const string FileName = "StandIn.cs";

    public const string Text = """
        #nullable enable
        using System;
        using PgtAnalyzers.Annotations;

        namespace Corpus.StandIn
        {
            public sealed class ListHead
            {
                public ListHead? Next;
                public ListHead? Prev;
            }

            public sealed class RcuHead
            {
                public RcuCallback? Func;
            }

            public delegate void RcuCallback(RcuHead head);

            public sealed class MmContext
            {
                public readonly ListHead PgtableList = new ListHead();
                public readonly object Lock = new object();
            }

            public sealed class Mm
            {
                public MmContext Context { get; } = new MmContext();
                public bool HasPgste;
                public int NrPtes;
            }

            public sealed class TaskStruct
            {
                [MmSource] public Mm Mm { get; } = new Mm();
            }

            public sealed class Vma
            {
                [MmSource] public Mm Mm { get; set; } = new Mm();
                public ulong Start;
                public ulong End;
            }

            public sealed class PteTable
            {
                public ulong[] Words { get; } = new ulong[256];
                public Page Page { get; } = new Page();
                public ulong this[int index] { get => Words[index]; set => Words[index] = value; }
                public ListHead AsListHead() => new ListHead();
                public static PteTable Alloc([RequiresMm] Mm mm) => new PteTable();
            }

            public sealed class Page
            {
                [Overlay("lru")] public ListHead Lru { get; } = new ListHead();
                [Overlay("lru")] public RcuHead RcuHead { get; } = new RcuHead();
                public Mm? PtMm { get; set; }
                public PteTable Table { get; set; } = null!;
                public int RefCount;
                public uint Bits;
                public bool Active;
                public static Page FromRcuHead(RcuHead head) => new Page();
                public static Page FromTable(PteTable table) => table.Page;
                public static Page FromList(ListHead entry) => new Page();
            }

            public sealed class PmdSlot
            {
                public PteTable? Table;
                public ulong Value;
            }

            public sealed class MmuGather : IDisposable
            {
                public readonly PteTable?[] Batch = new PteTable?[64];
                public int Count;
                public bool FullMm;
                public void Dispose() => Count = 0;
            }

            public static class Kernel
            {
                public const ulong PteNone = 0x400;
                public const int PtrsPerPte = 256;

                public static void PteFreeDefer([RequiresMm] Mm mm, [DeferredFree] PteTable table) { }
                public static void PteFree([RequiresMm] Mm mm, [DeferredFree] PteTable table) { }
                public static void PageTableFree([RequiresMm] Mm mm, PteTable table) { }
                public static void PagetableFree(Page page) { }
                public static void ListAdd([Claims, Writes] ListHead entry, ListHead head) { }
                public static void ListAddTail([Claims, Writes] ListHead entry, ListHead head) { }
                public static void ListDel([Releases] ListHead entry) { }
                public static void ListDelInit([Releases] ListHead entry) { }
                public static void AssumeOffList([AssumesReleased] ListHead entry) { }
                public static void CallRcu([Claims] RcuHead head, [NoMm] RcuCallback fn) { }
                public static void Memset64([Writes] ulong[] words, ulong value, int count) { }
                public static void SpinLock([RequiresMm] Mm mm) { }
                public static void SpinUnlock([RequiresMm] Mm mm) { }
                public static uint AtomicXorBits(ref uint bits, uint mask) { bits ^= mask; return bits; }
                public static void RunLater(Action work) => work();
                public static void RunWithoutMm([NoMm] Action work) => work();
                public static MmuGather TlbGatherMmu([RequiresMm] Mm mm) => new MmuGather();
                public static void TlbFlushMmu([RequiresMm] Mm mm, MmuGather tlb) => tlb.Count = 0;
            }
        }
        """;
}
