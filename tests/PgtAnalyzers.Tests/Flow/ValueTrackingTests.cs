using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Flow;

/// <summary>
/// Every way C# copies a value keeps tracking it (annotations.md, Contract v2, point 4), with all rules run:
/// deconstruction and swaps, <c>ref</c> locals and ref-returning members, compound assignment and <c>??=</c>
/// on members; and the three precision fixes: a value assigned afresh in a loop iteration is new, a field
/// write on a local copy of a plain struct is not a write to the original, <c>a?.M ?? mm</c> is not null.
/// </summary>
public sealed class ValueTrackingTests
{
    private const string Helpers = """
        sealed class Pool
        {
            public PteTable Rent() => new PteTable();
            public static PteTable Take() => new PteTable();
            public static PteTable TakeLarge() => new PteTable();
            public void Return([DeferredFree] PteTable table) { }
        }

        sealed class Slots
        {
            private readonly ulong[] _words = new ulong[4];
            public ref ulong Entry(int index) => ref _words[index];
            public ref ulong First => ref _words[0];
        }

        struct Snapshot
        {
            public ulong Value;
            public PteTable Table;
        }

        sealed class Holder
        {
            public Snapshot Current;
            public ListHead? Node;
            public ListHead?[] Nodes = new ListHead?[4];
            public int Count;
        }

        static void Retire([DeferredFree] Slots slots) { }
        static void RetireHolder([DeferredFree] Holder holder) { }
        static (PteTable, int) Split(PteTable table) => (new PteTable(), 1);
        static void Touch([Writes] Snapshot snapshot) { }
        """;

    private static Task Verify(string members) => VerifyAllAsync(Snippet.InClass(Helpers + "\n" + members));

    // ---- deconstruction and swaps: reports ----

    [Fact]
    public Task DeconstructedTupleElement_AliasesItsSource() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var (a, n) = (table, 0);
            PteFreeDefer(mm, table);
            {|PGT001:a[0]|} = 0;
        }
        """);

    [Fact]
    public Task TypedDeconstruction_AliasesTheSecondElement() => Verify("""
        void F([RequiresMm] Mm mm, PteTable t1, PteTable t2)
        {
            (PteTable x, PteTable y) = (t1, t2);
            PteFreeDefer(mm, t2);
            {|PGT001:y[0]|} = 0;
        }
        """);

    [Fact]
    public Task TupleSwap_MovesTheDeferredValue() => Verify("""
        void F([RequiresMm] Mm mm, PteTable t1, PteTable t2)
        {
            var a = t1;
            var b = t2;
            (a, b) = (b, a);
            PteFreeDefer(mm, t1);
            {|PGT001:b[0]|} = 0;
        }
        """);

    [Fact]
    public Task NestedDeconstruction_AliasesTheInnerElement() => Verify("""
        void F([RequiresMm] Mm mm, PteTable t1, PteTable t2, PteTable t3)
        {
            var (a, (b, c)) = (t1, (t2, t3));
            PteFreeDefer(mm, t3);
            {|PGT001:c[1]|} = 0;
        }
        """);

    [Fact]
    public Task DeconstructedCallResult_IsTrackedAfterwards() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var (a, n) = Split(table);
            PteFreeDefer(mm, a);
            {|PGT001:a[0]|} = 0;
        }
        """);

    [Fact]
    public Task DeconstructionIntoExistingLocals_Aliases() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteTable a;
            int n;
            (a, n) = (table, 1);
            PteFreeDefer(mm, a);
            {|PGT001:table[0]|} = 0;
        }
        """);

    // ---- deconstruction and swaps: silent ----

    [Fact]
    public Task TupleSwap_WriteThroughTheOtherValue_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable t1, PteTable t2)
        {
            var a = t1;
            var b = t2;
            (a, b) = (b, a);
            PteFreeDefer(mm, t1);
            a[0] = 0;
        }
        """);

    [Fact]
    public Task DeconstructedSibling_IsNotTheDeferredValue() => Verify("""
        void F([RequiresMm] Mm mm, PteTable t1, PteTable t2)
        {
            var (a, b) = (t1, t2);
            PteFreeDefer(mm, a);
            b[0] = 0;
        }
        """);

    [Fact]
    public Task DeconstructionReassigningTheDeferredLocal_EndsItsTracking() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var (a, n) = (table, 0);
            PteFreeDefer(mm, a);
            (a, n) = (PteTable.Alloc(mm), 1);
            a[0] = 0;
        }
        """);

    [Fact]
    public Task WriteBeforeDeferral_ThroughADeconstructedAlias_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable t1, PteTable t2)
        {
            var (a, b) = (t1, t2);
            a[0] = 0;
            PteFreeDefer(mm, t1);
        }
        """);

    [Fact]
    public Task TwoDeconstructedCallResults_AreDistinct() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var (a, n) = Split(table);
            var (c, m) = Split(table);
            PteFreeDefer(mm, a);
            c[0] = 0;
        }
        """);

    // ---- ref locals and ref-returning members: reports ----

    [Fact]
    public Task RefLocalIntoDeferredTable_WriteReports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            ref var word = ref table.Words[0];
            {|PGT001:word|} = 0;
        }
        """);

    [Fact]
    public Task RefLocalTakenBeforeDeferral_WriteAfterReports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            ref var word = ref table.Words[0];
            PteFreeDefer(mm, table);
            {|PGT001:word|} = 0;
        }
        """);

    [Fact]
    public Task CompoundAssignmentThroughRefLocal_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            ref var word = ref table.Words[1];
            PteFreeDefer(mm, table);
            {|PGT001:word|} |= 4;
        }
        """);

    [Fact]
    public Task RefReturningMethodAsTarget_Reports() => Verify("""
        void F(Slots slots)
        {
            Retire(slots);
            {|PGT001:slots.Entry(0)|} = 1;
        }
        """);

    [Fact]
    public Task RefLocalFromRefReturningMethod_Reports() => Verify("""
        void F(Slots slots)
        {
            ref var entry = ref slots.Entry(2);
            Retire(slots);
            {|PGT001:entry|} = 2;
        }
        """);

    [Fact]
    public Task RefReturningProperty_Reports() => Verify("""
        void F(Slots slots)
        {
            Retire(slots);
            {|PGT001:slots.First|} = 3;
        }
        """);

    [Fact]
    public Task RefLocalAssignedAValueWithBranches_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, bool c)
        {
            ref var word = ref table.Words[0];
            PteFreeDefer(mm, table);
            {|PGT001:word|} = c ? 1UL : 2UL;
        }
        """);

    [Fact]
    public Task RefReturningMethodAssignedAValueWithBranches_Reports() => Verify("""
        void F(Slots slots, ulong? given)
        {
            Retire(slots);
            {|PGT001:slots.Entry(0)|} = given ?? 7;
        }
        """);

    // ---- tuple elements: reports ----

    [Fact]
    public Task ElementDeferred_ThenTheOriginalWritten_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var pair = (table, other);
            PteFreeDefer(mm, pair.Item1);
            {|PGT001:table[0]|} = 1;
        }
        """);

    [Fact]
    public Task OriginalDeferred_ThenTheElementWritten_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var pair = (table, other);
            PteFreeDefer(mm, table);
            {|PGT001:pair.Item1[0]|} = 1;
        }
        """);

    [Fact]
    public Task NamedElementDeferred_ThenTheOriginalDeferredAgain_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            (PteTable First, PteTable Second) pair = (table, other);
            PteFreeDefer(mm, pair.First);
            PteFreeDefer(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task ElementOfACopiedTuple_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var pair = (other, table);
            var copy = pair;
            PteFreeDefer(mm, copy.Item2);
            {|PGT001:pair.Item2[0]|} = 1;
        }
        """);

    // ---- tuple elements: silent ----

    [Fact]
    public Task OtherElementWritten_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var pair = (table, other);
            PteFreeDefer(mm, pair.Item1);
            other[0] = 1;
            pair.Item2[0] = 1;
        }
        """);

    [Fact]
    public Task ElementAssignedAfresh_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var pair = (table, other);
            PteFreeDefer(mm, table);
            pair.Item1 = PteTable.Alloc(mm);
            pair.Item1[0] = 1;
        }
        """);

    [Fact]
    public Task TupleFromACall_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            var pair = Pick(table);
            PteFreeDefer(mm, table);
            pair.Item2[0] = 1;
        }

        static (int, PteTable) Pick(PteTable table) => (0, new PteTable());
        """);

    [Fact]
    public Task TupleElementsBeforeTheDeferral_AreSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var pair = (table, other);
            pair.Item1[0] = 1;
            table[1] = 2;
            PteFreeDefer(mm, pair.Item1);
        }
        """);

    // ---- with-copies of records ----

    [Fact]
    public Task WithCopy_MemberItDidNotSet_IsTheSources_Reports() => Verify("""
        record Pair(PteTable Table, int Count);

        void F([RequiresMm] Mm mm, Pair pair)
        {
            PteFreeDefer(mm, pair.Table);
            var copy = pair with { Count = 2 };
            {|PGT001:copy.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task WithCopyOfAWithCopy_Reports() => Verify("""
        record Pair(PteTable Table, int Count);

        void F([RequiresMm] Mm mm, Pair pair)
        {
            var first = pair with { Count = 1 };
            var second = first with { Count = 2 };
            PteFreeDefer(mm, second.Table);
            {|PGT001:pair.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task WithCopy_WriteToTheCopyAfterTheSourceIsDeferred_IsSilent() => Verify("""
        record Box(PteTable Table)
        {
            public int Uses;
        }

        static void RetireBox([DeferredFree] Box box) { }

        void F(Box box)
        {
            RetireBox(box);
            var copy = box with { };
            copy.Uses = 2;
        }
        """);

    [Fact]
    public Task WithCopy_MemberItSet_IsNew_IsSilent() => Verify("""
        record Pair(PteTable Table, int Count);

        void F([RequiresMm] Mm mm, Pair pair)
        {
            PteFreeDefer(mm, pair.Table);
            var copy = pair with { Table = PteTable.Alloc(mm) };
            copy.Table[0] = 1;
        }
        """);

    [Fact]
    public Task WithCopy_DeferredCopy_LeavesTheSourceAlone_IsSilent() => Verify("""
        record Pair(PteTable Table, int Count);

        static void Retire([DeferredFree] Pair pair) { }

        void F(Pair pair)
        {
            var copy = pair with { Count = 2 };
            Retire(copy);
            Retire(pair);
        }
        """);

    // ---- members fixed when the object is made (primary constructors, init-only properties) ----

    [Fact]
    public Task PositionalRecordProperty_IsTheArgument_Reports() => Verify("""
        record Carrier(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var carrier = new Carrier(table);
            PteFreeDefer(mm, table);
            {|PGT001:carrier.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task ReadonlyRecordStructProperty_IsTheArgument_Reports() => Verify("""
        readonly record struct Slot(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var slot = new Slot(table);
            PteFreeDefer(mm, table);
            {|PGT001:slot.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task ReadonlyRecordStructProperty_DeferredThroughACopy_WrittenThroughTheArgument_Reports() => Verify("""
        readonly record struct Slot(int Index, PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var slot = new Slot(0, table);
            var copy = slot;
            PteFreeDefer(mm, copy.Table);
            {|PGT001:table[0]|} = 1;
        }
        """);

    [Fact]
    public Task ReadonlyStructInitOnlyProperty_SetInAnInitializer_Reports() => Verify("""
        readonly struct Slot { public PteTable Table { get; init; } }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var slot = new Slot { Table = table };
            PteFreeDefer(mm, table);
            {|PGT001:slot.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task ReadonlyRecordStructHoldingAnotherTable_WrittenAfter_Silent() => Verify("""
        readonly record struct Slot(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var slot = new Slot(other);
            PteFreeDefer(mm, table);
            slot.Table[0] = 1;
        }
        """);

    [Fact]
    public Task ReadonlyRecordStructReplacedBeforeTheWrite_Silent() => Verify("""
        readonly record struct Slot(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var slot = new Slot(table);
            PteFreeDefer(mm, table);
            slot = new Slot(other);
            slot.Table[0] = 1;
        }
        """);

    [Fact]
    public Task MutableStructInitOnlyProperty_StaysAView_Silent() => Verify("""
        struct Slot
        {
            public PteTable Table { get; init; }
            public void Reset(PteTable other) => this = new Slot { Table = other };
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var slot = new Slot { Table = table };
            PteFreeDefer(mm, table);
            slot.Reset(other);
            slot.Table[0] = 1;
        }
        """);

    [Fact]
    public Task PositionalRecordProperty_DeferredThroughTheRecord_Reports() => Verify("""
        record Carrier(int Slot, PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var carrier = new Carrier(3, table);
            PteFreeDefer(mm, carrier.Table);
            {|PGT001:table[0]|} = 1;
        }
        """);

    [Fact]
    public Task PositionalRecordProperty_DeferredTwice_Reports() => Verify("""
        record Carrier(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var carrier = new Carrier(table);
            PteFreeDefer(mm, table);
            PteFreeDefer(mm, {|PGT004:carrier.Table|});
        }
        """);

    [Fact]
    public Task InitOnlyPropertyFromAnObjectInitializer_Reports() => Verify("""
        class Slot
        {
            public PteTable Table { get; init; } = null!;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var slot = new Slot { Table = table };
            PteFreeDefer(mm, table);
            {|PGT001:slot.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task WithCopy_MemberItSetToADeferredTable_Reports() => Verify("""
        record Pair(PteTable Table, int Count);

        void F([RequiresMm] Mm mm, Pair pair, PteTable table)
        {
            var copy = pair with { Table = table };
            PteFreeDefer(mm, table);
            {|PGT001:copy.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task GetOnlyPropertyAPrimaryConstructorInitializes_Reports() => Verify("""
        class Keeper(PteTable table)
        {
            public PteTable Table { get; } = table;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var keeper = new Keeper(table);
            PteFreeDefer(mm, table);
            {|PGT001:keeper.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task PositionalRecordPropertyOnOnePath_ReportsOnSomePaths() => Verify("""
        record Carrier(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table, PteTable other, bool c)
        {
            var carrier = c ? new Carrier(table) : new Carrier(other);
            PteFreeDefer(mm, table);
            {|PGT101:carrier.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task PositionalRecordProperty_WrittenBeforeTheDeferral_IsSilent() => Verify("""
        record Carrier(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var carrier = new Carrier(table);
            carrier.Table[0] = 1;
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task AnotherRecordsPositionalProperty_IsSilent() => Verify("""
        record Carrier(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var first = new Carrier(table);
            var second = new Carrier(other);
            PteFreeDefer(mm, first.Table);
            second.Table[0] = 1;
        }
        """);

    [Fact]
    public Task SettableRecordProperty_AssignedAnotherTable_IsSilent() => Verify("""
        record Box(PteTable Table)
        {
            public PteTable Table { get; set; } = Table;
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var box = new Box(table);
            box.Table = other;
            PteFreeDefer(mm, table);
            box.Table[0] = 1;
        }
        """);

    [Fact]
    public Task MutableRecordStruct_AssignedAnotherTable_IsSilent() => Verify("""
        record struct Slot(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            var slot = new Slot(table);
            slot.Table = other;
            PteFreeDefer(mm, table);
            slot.Table[0] = 1;
        }
        """);

    [Fact]
    public Task RecordsSecondaryConstructor_StoresAnotherTable_IsSilent() => Verify("""
        record Pair(PteTable Table, int Count)
        {
            public Pair(PteTable seed) : this(new PteTable(), 0) { }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var pair = new Pair(table);
            PteFreeDefer(mm, table);
            pair.Table[0] = 1;
        }
        """);

    [Fact]
    public Task PropertyAPrimaryConstructorInitializesWithSomethingElse_IsSilent() => Verify("""
        class Keeper(PteTable table)
        {
            public PteTable Table { get; } = new PteTable();

            public int Seen => table.Words.Length;
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var keeper = new Keeper(table);
            PteFreeDefer(mm, table);
            keeper.Table[0] = 1;
        }
        """);

    [Fact]
    public Task ClassWithAnOrdinaryConstructor_IsSilent() => Verify("""
        class Keeper
        {
            public Keeper(PteTable table)
            {
                Table = new PteTable();
            }

            public PteTable Table { get; }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var keeper = new Keeper(table);
            PteFreeDefer(mm, table);
            keeper.Table[0] = 1;
        }
        """);

    [Fact]
    public Task PositionalRecordMadeAfreshInEachIteration_IsSilent() => Verify("""
        record Carrier(PteTable Table);

        void F([RequiresMm] Mm mm, PteTable[] tables)
        {
            foreach (var table in tables)
            {
                var carrier = new Carrier(table);
                carrier.Table[0] = 1;
                PteFreeDefer(mm, carrier.Table);
            }
        }
        """);

    // ---- ref locals and ref-returning members: silent ----

    [Fact]
    public Task RefLocalIntoAnotherTable_AssignedAValueWithBranches_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other, Slots spare, bool c)
        {
            ref var word = ref other.Words[0];
            PteFreeDefer(mm, table);
            word = c ? 1UL : 2UL;
            spare.Entry(0) = c ? 3UL : 4UL;
        }
        """);

    [Fact]
    public Task RefLocalNamingAVariable_AssignedAValueWithBranches_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other, bool c)
        {
            ref var current = ref table;
            PteFreeDefer(mm, table);
            current = c ? other : PteTable.Alloc(mm);
            table[0] = 1;
        }
        """);


    [Fact]
    public Task RefLocalToAnArrayElement_IsThatElement_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable[] tables, int i)
        {
            ref var slot = ref tables[i];
            PteFreeDefer(mm, slot);
            {|PGT001:slot[0]|} = 1;
        }
        """);

    [Fact]
    public Task RefLocalToAStructPageInAnArray_ClaimsOneObject_Reports() => Verify("""
        struct PageSlot
        {
            [Overlay("lru")] public ListHead Lru;
            [Overlay("lru")] public RcuHead RcuHead;
        }

        static void Free(RcuHead head) { }

        void F([RequiresMm] Mm mm, PageSlot[] map, int pfn)
        {
            ref var page = ref map[pfn];
            ListAdd(page.Lru, mm.Context.PgtableList);
            CallRcu({|PGT002:page.RcuHead|}, Free);
            CallRcu({|PGT004:page.RcuHead|}, Free);
        }
        """);

    [Fact]
    public Task RefLocalToAStructPageInAnArray_ReleasedFirst_IsSilent() => Verify("""
        struct PageSlot
        {
            [Overlay("lru")] public ListHead Lru;
            [Overlay("lru")] public RcuHead RcuHead;
        }

        static void Free(RcuHead head) { }

        void F([RequiresMm] Mm mm, PageSlot[] map, int pfn)
        {
            ref var page = ref map[pfn];
            ListAdd(page.Lru, mm.Context.PgtableList);
            ListDelInit(page.Lru);
            CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task RefLocalToEachElementOfALoop_IsANewObjectEachTime_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable[] tables)
        {
            for (var i = 0; i < tables.Length; i++)
            {
                ref var slot = ref tables[i];
                slot[1] = 0;
                PteFreeDefer(mm, slot);
            }

            foreach (ref var table in tables.AsSpan())
            {
                table[2] = 0;
                PteFreeDefer(mm, table);
            }
        }
        """);

    [Fact]
    public Task TablesTakenByIndexFromAList_EachIndexingIsItsOwnObject_IsSilent() => Verify("""
        void Flush([RequiresMm] Mm mm, System.Collections.Generic.List<PteTable> batch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var table = batch[i];
                table[0] = PteNone;
                PteFreeDefer(mm, table);
            }
        }

        void Pair([RequiresMm] Mm mm, System.Collections.Generic.List<PteTable> halves)
        {
            PteFreeDefer(mm, halves[0]);
            halves[1][0] = PteNone;
            PteFreeDefer(mm, halves[1]);
        }
        """);

    [Fact]
    public Task WriteThroughAnIndexerOfADeferredOwner_Reports() => Verify("""
        sealed class Batch
        {
            private readonly PteTable[] _tables = new PteTable[8];
            public PteTable this[int index] => _tables[index];
        }

        static void Retire([DeferredFree] Batch batch) { }

        void F(Batch batch)
        {
            Retire(batch);
            {|PGT001:batch[0][1]|} = PteNone;
        }
        """);

    [Fact]
    public Task RefLocalIntoAnotherTable_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            ref var word = ref other.Words[0];
            PteFreeDefer(mm, table);
            word = 0;
        }
        """);

    [Fact]
    public Task RefLocalWriteBeforeDeferral_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            ref var word = ref table.Words[0];
            word = 0;
            PteFreeDefer(mm, table);
        }
        """);

    [Fact]
    public Task RefLocalRepointedElsewhere_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, PteTable other)
        {
            ref var word = ref table.Words[0];
            PteFreeDefer(mm, table);
            word = ref other.Words[0];
            word = 0;
        }
        """);

    [Fact]
    public Task RefReturningMethodOfAnotherObject_IsSilent() => Verify("""
        void F(Slots slots, Slots other)
        {
            Retire(slots);
            other.Entry(0) = 1;
        }
        """);

    [Fact]
    public Task ReadingThroughRefLocal_IsSilent() => Verify("""
        ulong F([RequiresMm] Mm mm, PteTable table)
        {
            ref var word = ref table.Words[0];
            PteFreeDefer(mm, table);
            var copy = word;
            return copy;
        }
        """);

    // ---- compound assignment and ??= on members: reports ----

    [Fact]
    public Task CoalesceAssignmentOnMemberOfDeferredValue_Reports() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            {|PGT001:holder.Node|} ??= new ListHead();
        }
        """);

    [Fact]
    public Task CompoundAssignmentOnElement_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            {|PGT001:table[0]|} += 1;
        }
        """);

    [Fact]
    public Task CompoundAssignmentOnFieldOfView_Reports() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            {|PGT001:holder.Count|} -= 1;
        }
        """);

    [Fact]
    public Task IncrementOnMember_Reports() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            {|PGT001:holder.Count|}++;
        }
        """);

    [Fact]
    public Task CoalesceAssignmentOnOwnDeferredParameter_Reports() => Verify("""
        void F([DeferredFree] Holder holder)
        {
            {|PGT001:holder.Node|} ??= new ListHead();
        }
        """);

    [Fact]
    public Task CoalesceAssignmentOnElementOfDeferredValue_Reports() => Verify("""
        void F(Holder holder, int i)
        {
            RetireHolder(holder);
            {|PGT001:holder.Nodes[i]|} ??= new ListHead();
        }
        """);

    [Fact]
    public Task CoalesceAssignmentThroughAnAlias_Reports() => Verify("""
        void F(Holder holder)
        {
            var alias = holder;
            RetireHolder(holder);
            {|PGT001:alias.Node|} ??= new ListHead();
        }
        """);

    [Fact]
    public Task CoalesceAssignmentAfterDeferralOnOneBranch_ReportsOnSomePaths() => Verify("""
        void F(Holder holder, bool retire)
        {
            if (retire)
            {
                RetireHolder(holder);
            }

            {|PGT101:holder.Node|} ??= new ListHead();
        }
        """);

    // ---- compound assignment and ??= on members: silent ----

    [Fact]
    public Task CoalesceAssignmentBeforeDeferral_IsSilent() => Verify("""
        void F(Holder holder)
        {
            holder.Node ??= new ListHead();
            holder.Nodes[0] ??= new ListHead();
            RetireHolder(holder);
        }
        """);

    [Fact]
    public Task CoalesceAssignmentAfterTheVariableIsReassigned_IsSilent() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            holder = new Holder();
            holder.Node ??= new ListHead();
        }
        """);

    [Fact]
    public Task CoalesceAssignmentOnFieldOfLocalStructCopy_IsSilent() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            var copy = holder.Current;
            copy.Table ??= new PteTable();
        }
        """);

    [Fact]
    public Task CompoundAssignmentBeforeDeferral_IsSilent() => Verify("""
        void F(Holder holder)
        {
            holder.Count += 1;
            RetireHolder(holder);
        }
        """);

    [Fact]
    public Task CompoundAssignmentOnAnotherObject_IsSilent() => Verify("""
        void F(Holder holder, Holder other)
        {
            RetireHolder(holder);
            other.Count += 1;
            other.Node ??= new ListHead();
        }
        """);

    [Fact]
    public Task CoalesceAssignmentOnLocal_IsNotAWrite() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            PteTable? fresh = null;
            fresh ??= PteTable.Alloc(mm);
            fresh[0] = 0;
        }
        """);

    [Fact]
    public Task CompoundAssignmentOnLocalReadFromDeferred_IsSilent() => Verify("""
        ulong F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            var word = table[0];
            word += 1;
            return word;
        }
        """);

    [Fact]
    public Task CompoundAssignmentOnOwnerOfDeferredView_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, Page page)
        {
            PteFreeDefer(mm, page.Table);
            page.RefCount += 1;
        }
        """);

    // ---- a member the callee gives a new object holds another object after the call ----

    [Fact]
    public Task FieldReplacedByAnInstanceHelper_WrittenAfter_Silent() => Verify("""
        PteTable _table = null!;

        void Renew([RequiresMm] Mm mm) => _table = PteTable.Alloc(mm);

        void F([RequiresMm] Mm mm)
        {
            PteFreeDefer(mm, _table);
            Renew(mm);
            _table[0] = PteNone;
        }
        """);

    [Fact]
    public Task HoldersMemberReplacedByItsOwnMethod_WrittenAfter_Silent() => VerifyAllAsync(Snippet.Usings + """
        class Holder
        {
            public PteTable Table = null!;
            public void Renew([RequiresMm] Mm mm) { Table = PteTable.Alloc(mm); }
        }

        class C
        {
            void F([RequiresMm] Mm mm, Holder h)
            {
                PteFreeDefer(mm, h.Table);
                h.Renew(mm);
                h.Table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task MemberReplacedByAStaticHelperGivenItsObject_WrittenAfter_Silent() => VerifyAllAsync(Snippet.Usings + """
        class Holder { public PteTable Table = null!; }

        class C
        {
            static void Renew([RequiresMm] Mm mm, Holder h) { h.Table = PteTable.Alloc(mm); }

            void F([RequiresMm] Mm mm, Holder h)
            {
                PteFreeDefer(mm, h.Table);
                Renew(mm, h);
                h.Table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task FieldReplacedByALocalFunction_DeferredInALoop_Silent() => Verify("""
        PteTable _table = null!;

        void F([RequiresMm] Mm mm, int n)
        {
            void Renew() => _table = PteTable.Alloc(mm);
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, _table);
                Renew();
            }

            _table[0] = PteNone;
        }
        """);

    [Fact]
    public Task StaticFieldReplacedByAHelper_WrittenAfter_Silent() => Verify("""
        static PteTable s_table = null!;

        static void Renew([RequiresMm] Mm mm) => s_table = PteTable.Alloc(mm);

        void F([RequiresMm] Mm mm)
        {
            PteFreeDefer(mm, s_table);
            Renew(mm);
            s_table[0] = PteNone;
        }
        """);

    [Fact]
    public Task FieldReplacedByAHelper_TheOldTableReadBeforeIsStillDeferred_Reports() => Verify("""
        PteTable _table = null!;

        void Renew([RequiresMm] Mm mm) => _table = PteTable.Alloc(mm);

        void F([RequiresMm] Mm mm)
        {
            var old = _table;
            PteFreeDefer(mm, _table);
            Renew(mm);
            {|PGT001:old[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task AnotherObjectsMemberReplaced_TheDeferredOneWritten_Reports() => VerifyAllAsync(Snippet.Usings + """
        class Holder
        {
            public PteTable Table = null!;
            public void Renew([RequiresMm] Mm mm) { Table = PteTable.Alloc(mm); }
        }

        class C
        {
            void F([RequiresMm] Mm mm, Holder a, Holder b)
            {
                PteFreeDefer(mm, a.Table);
                b.Renew(mm);
                {|PGT001:a.Table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task FieldReplacedByAHelperOnSomePaths_WrittenAfter_ReportsOnSomePaths() => Verify("""
        PteTable _table = null!;

        void RenewIfStale([RequiresMm] Mm mm, bool stale)
        {
            if (stale)
            {
                _table = PteTable.Alloc(mm);
            }
        }

        void F([RequiresMm] Mm mm, bool stale)
        {
            PteFreeDefer(mm, _table);
            RenewIfStale(mm, stale);
            {|PGT101:_table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task HelperAssigningAnotherMember_WrittenAfter_Reports() => Verify("""
        PteTable _table = null!;
        PteTable _spare = null!;

        void RenewSpare([RequiresMm] Mm mm) => _spare = PteTable.Alloc(mm);

        void F([RequiresMm] Mm mm)
        {
            PteFreeDefer(mm, _table);
            RenewSpare(mm);
            {|PGT001:_table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task HelperReplacingAfterAnEarlyReturn_WrittenAfter_ReportsOnSomePaths() => Verify("""
        PteTable _table = null!;

        void Renew([RequiresMm] Mm mm, bool keep)
        {
            if (keep) return;
            _table = PteTable.Alloc(mm);
        }

        void F([RequiresMm] Mm mm, bool keep)
        {
            PteFreeDefer(mm, _table);
            Renew(mm, keep);
            {|PGT101:_table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task VirtualHelperReplacingTheField_WrittenAfter_StillReports() => Verify("""
        PteTable _table = null!;

        protected virtual void Renew([RequiresMm] Mm mm) => _table = PteTable.Alloc(mm);

        void F([RequiresMm] Mm mm)
        {
            PteFreeDefer(mm, _table);
            Renew(mm);
            {|PGT001:_table[0]|} = PteNone;
        }
        """);

    // ---- what a call stores in an out or ref argument is tracked from there ----

    [Fact]
    public Task OutVariableOfTryGetValue_DeferredThenWritten_Reports() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.Dictionary<int, PteTable> cache, int key)
        {
            if (cache.TryGetValue(key, out var old))
            {
                PteFreeDefer(mm, old);
                {|PGT001:old[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task OutVariableOfAHelper_DeferredTwice_Reports() => Verify("""
        static void Take(out PteTable table) => table = new PteTable();

        void F([RequiresMm] Mm mm)
        {
            Take(out var table);
            PteFreeDefer(mm, table);
            PteFree(mm, {|PGT004:table|});
        }
        """);

    [Fact]
    public Task DeclaredLocalPassedOut_CopiedThenDeferred_WrittenThroughTheCopy_Reports() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.Dictionary<int, PteTable> cache)
        {
            PteTable found;
            cache.TryGetValue(1, out found);
            var old = found;
            PteFreeDefer(mm, found);
            {|PGT001:old[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task OutPage_ListedThenItsRcuHeadQueued_Reports() => Verify("""
        [NoMm] static void Free(RcuHead head) { }

        void F([RequiresMm] Mm mm, System.Collections.Generic.Dictionary<int, Page> pages, int key)
        {
            if (pages.TryGetValue(key, out var page))
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                CallRcu({|PGT002:page.RcuHead|}, Free);
            }
        }
        """);

    [Fact]
    public Task DeferredVariableRefilledThroughOut_ThenWritten_IsSilent() => Verify("""
        static void Take(out PteTable table) => table = new PteTable();

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Take(out table);
            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task DeferredVariableRenewedThroughRef_ThenWritten_IsSilent() => Verify("""
        static void Renew(ref PteTable table) => table = new PteTable();

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Renew(ref table);
            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task RefHelperThatOnlyReads_DeferredVariableKeepsItsTable_WrittenAfter_Reports() => Verify("""
        static int Count(ref PteTable table) => table.Words.Length;

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Count(ref table);
            {|PGT001:table[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task RefHelperWritingThroughItsParameterOnly_TheVariableStillAliasesTheCopy_Reports() => Verify("""
        static void Clear(ref PteTable table) { table[1] = PteNone; }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            var alias = table;
            Clear(ref table);
            PteFreeDefer(mm, table);
            {|PGT001:alias[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task RefHelperThatReadsOnly_ThenTheTableIsDeferredTwice_Reports() => Verify("""
        static bool IsEmpty(ref PteTable table) => table[0] == PteNone;

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            if (IsEmpty(ref table))
            {
                PteFree(mm, {|PGT004:table|});
            }
        }
        """);

    [Fact]
    public Task RefHelperRenewingOnSomePaths_ThenWritten_IsSilent() => Verify("""
        static void RenewIfNeeded(ref PteTable table, bool stale)
        {
            if (stale)
            {
                table = new PteTable();
            }
        }

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            RenewIfNeeded(ref table, true);
            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task RefHelperPassingItsParameterOnByRef_ThenWritten_IsSilent() => Verify("""
        static void Renew(ref PteTable table) => table = new PteTable();
        static void Forward(ref PteTable table) => Renew(ref table);

        void F([RequiresMm] Mm mm, PteTable table)
        {
            PteFreeDefer(mm, table);
            Forward(ref table);
            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task VirtualRefHelper_ThenWritten_IsSilent() => VerifyAllAsync(Snippet.Usings + """
        class Renewer
        {
            public virtual void Touch(ref PteTable table) { }
        }

        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, Renewer renewer)
            {
                PteFreeDefer(mm, table);
                renewer.Touch(ref table);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task RefHelperTakingARefToItsParameter_ThenWritten_IsSilent() => Verify("""
        static void Swap(ref PteTable table, ref PteTable spare)
        {
            ref var slot = ref table;
            (slot, spare) = (spare, slot);
        }

        void F([RequiresMm] Mm mm, PteTable table, PteTable spare)
        {
            PteFreeDefer(mm, table);
            Swap(ref table, ref spare);
            table[0] = PteNone;
        }
        """);

    [Fact]
    public Task OutMmPassedAsTheMm_IsSilent() => Verify("""
        static bool TryGetMm(Vma vma, out Mm mm)
        {
            mm = vma.Mm!;
            return true;
        }

        void F(Vma vma, PteTable table)
        {
            if (TryGetMm(vma, out var mm))
            {
                SpinLock(mm);
            }
        }
        """);

    [Fact]
    public Task OutVariableDequeuedAndDeferredInALoop_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.Queue<PteTable> queue)
        {
            while (queue.TryDequeue(out var table))
            {
                table[0] = PteNone;
                PteFreeDefer(mm, table);
            }
        }
        """);

    // ---- a ref-returning extension method names a location in its first argument's memory ----

    private const string FirstWordExtension = """
        static class TableWords
        {
            public static ref ulong FirstWord(this PteTable table) => ref table.Words[0];
        }

        """;

    [Fact]
    public Task RefExtensionAssignedAfterDefer_Reports() => VerifyAllAsync(Snippet.Usings + FirstWordExtension + """
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                {|PGT001:table.FirstWord()|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task RefLocalOfARefExtensionWrittenAfterDefer_Reports() => VerifyAllAsync(Snippet.Usings + FirstWordExtension + """
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                ref var word = ref table.FirstWord();
                {|PGT001:word|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task RefExtensionOfAnotherTableAssignedAfterDefer_IsSilent() => VerifyAllAsync(Snippet.Usings + FirstWordExtension + """
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table, PteTable other)
            {
                PteFreeDefer(mm, table);
                other.FirstWord() = PteNone;
            }
        }
        """);

    [Fact]
    public Task RefExtensionAssignedBeforeDefer_IsSilent() => VerifyAllAsync(Snippet.Usings + FirstWordExtension + """
        class C
        {
            void F([RequiresMm] Mm mm, PteTable table)
            {
                table.FirstWord() = PteNone;
                PteFreeDefer(mm, table);
            }
        }
        """);

    // ---- a value assigned afresh in a loop iteration, starting from a parameter, a copy or a field ----

    [Fact]
    public Task ParameterDeferredThenReplacedInTheLoop_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
            }
        }
        """);

    [Fact]
    public Task ParameterCopiedToALocal_DeferredThenReplacedInTheLoop_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable first, int n)
        {
            var table = first;
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
            }
        }
        """);

    [Fact]
    public Task FieldCopiedToALocal_DeferredThenReplacedUnderALock_IsSilent() => Verify("""
        private PteTable _current = new PteTable();

        void F([RequiresMm] Mm mm, int n)
        {
            var table = _current;
            for (var i = 0; i < n; i++)
            {
                lock (mm.Context.Lock)
                {
                    PteFreeDefer(mm, table);
                }

                table = PteTable.Alloc(mm);
            }
        }
        """);

    [Fact]
    public Task ParameterBufferWrittenReturnedAndRentedAgain_IsSilent() => Verify("""
        void F(Pool pool, PteTable buffer, int n)
        {
            for (var i = 0; i < n; i++)
            {
                buffer[0] = 1;
                pool.Return(buffer);
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task ParameterRetiredThroughACopyMadeInTheLoop_ThenReplaced_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var old = table;
                PteFreeDefer(mm, old);
                table = PteTable.Alloc(mm);
            }
        }
        """);

    [Fact]
    public Task ParameterPublishedThenRetiredThroughACopy_WrittenAfterTheLoop_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                table[0] = PteNone;
                var old = table;
                table = PteTable.Alloc(mm);
                PteFreeDefer(mm, old);
            }

            table[1] = PteNone;
        }
        """);

    // Certain in fact; "some paths" because `old` may hold either table at the deferral (one value per
    // variable and program point).
    [Fact]
    public Task ParameterRetiredThroughACopy_TheCopyRetiredAgain_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var old = table;
                PteFreeDefer(mm, old);
                table = PteTable.Alloc(mm);
                PteFree(mm, {|PGT104:old|});
            }
        }
        """);

    [Fact]
    public Task ParameterReplacedOnSomeIterationsOnly_DeferredAgain_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, {|PGT104:table|});
                if (i % 2 == 0)
                {
                    table = PteTable.Alloc(mm);
                }
            }
        }
        """);

    [Fact]
    public Task ParameterReplacedThenTheFirstTableAssignedBack_DeferredAgain_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable first, int n)
        {
            var table = first;
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, {|PGT104:table|});
                table = PteTable.Alloc(mm);
                if (i == 2)
                {
                    table = first;
                }
            }
        }
        """);

    [Fact]
    public Task ParameterDeferredThenReplacedInTheLoop_AnAliasKeptFromBeforeIsWritten_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            var old = table;
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
            }

            {|PGT101:old[0]|} = PteNone;
        }
        """);

    [Fact]
    public Task ParameterDeferredThenReplacedInTheLoop_TheFirstTableAssignedBackAfterIt_DeferredAgain_ReportsOnSomePaths() => Verify("""
        void F([RequiresMm] Mm mm, PteTable first, int n)
        {
            var table = first;
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
            }

            table = first;
            PteFreeDefer(mm, {|PGT104:table|});
        }
        """);

    // Deferred on every path that reaches the write, but the deferral of `table` there, which may hold either
    // table, is "some paths" for each: the imprecision the write inherits.
    [Fact]
    public Task ParameterDeferredThenReplacedInTheLoop_TheFirstTableReachedThroughAnAliasInTheLoop_Reports() => Verify("""
        void F([RequiresMm] Mm mm, PteTable table, int n)
        {
            var old = table;
            for (var i = 0; i < n; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
                {|PGT101:old[1]|} = PteNone;
            }
        }
        """);

    // ---- a value assigned afresh in a loop iteration: reports ----

    [Fact]
    public Task WriteAfterReturnInTheSameIteration_Reports() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                pool.Return(buffer);
                {|PGT001:buffer[0]|} = 1;
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task RentFromEitherBranchAtTheEndOfTheIteration_IsSilent() => Verify("""
        void F(Pool pool, bool c)
        {
            var buffer = Pool.Take();
            while (c)
            {
                pool.Return(buffer);
                buffer = c ? Pool.Take() : Pool.TakeLarge();
                buffer[0] = 1;
            }
        }
        """);

    [Fact]
    public Task RentFromEitherBranchOfAnIf_IsSilent() => Verify("""
        void F(Pool pool, bool c)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                buffer[0] = 1;
                pool.Return(buffer);
                if (c)
                {
                    buffer = pool.Rent();
                }
                else
                {
                    buffer = new PteTable();
                }
            }
        }
        """);

    [Fact]
    public Task RentFromEitherBranch_ReturnedOnOneBranchOnly_ReportsOnSomePaths() => Verify("""
        void F(Pool pool, bool c)
        {
            var buffer = pool.Rent();
            while (c)
            {
                {|PGT101:buffer[0]|} = 1;
                if (c)
                {
                    buffer = pool.Rent();
                    pool.Return(buffer);
                }
                else
                {
                    buffer = pool.Rent();
                }
            }
        }
        """);

    [Fact]
    public Task RentFromEitherBranch_WriteAfterReturnInTheSameIteration_Reports() => Verify("""
        void F(Pool pool, bool c)
        {
            var buffer = pool.Rent();
            while (c)
            {
                pool.Return(buffer);
                {|PGT001:buffer[0]|} = 1;
                buffer = c ? pool.Rent() : pool.Rent();
            }
        }
        """);

    [Fact]
    public Task LoopReturningWithoutRentingAgain_ReportsOnSomePaths() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                {|PGT101:buffer[0]|} = 1;
                pool.Return({|PGT104:buffer|});
            }
        }
        """);

    [Fact]
    public Task ReturningTwiceInOneIteration_Reports() => Verify("""
        void F(Pool pool)
        {
            for (var i = 0; i < 3; i++)
            {
                var buffer = pool.Rent();
                pool.Return(buffer);
                pool.Return({|PGT004:buffer|});
            }
        }
        """);

    [Fact]
    public Task EarlierRentStillDeferred_AfterALaterRent_Reports() => Verify("""
        void F(Pool pool)
        {
            var first = pool.Rent();
            pool.Return(first);
            var second = pool.Rent();
            second[0] = 1;
            {|PGT001:first[0]|} = 1;
        }
        """);

    // `old` keeps the first buffer: in the loop `buffer` holds a new object each time (no PGT104), while
    // `old`'s object was returned on every path through the loop body and not on the path that skips it.
    [Fact]
    public Task RentedAfterTheLoop_OldValueStillDeferred_Reports() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            var old = buffer;
            for (var i = 0; i < 3; i++)
            {
                pool.Return(buffer);
                buffer = pool.Rent();
            }

            {|PGT101:old[0]|} = 1;
        }
        """);

    [Fact]
    public Task OldValueReturnedAgainAfterTheLoop_ReportsOnSomePaths() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            var old = buffer;
            for (var i = 0; i < 3; i++)
            {
                pool.Return(buffer);
                buffer = pool.Rent();
            }

            pool.Return({|PGT104:old|});
        }
        """);

    [Fact]
    public Task AliasWrittenAfterItsReturnInTheLoop_Reports() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                var old = buffer;
                pool.Return(old);
                {|PGT001:old[0]|} = 1;
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task AliasWrittenAfterTheVariableIsRentedAgain_Reports() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                var old = buffer;
                pool.Return(old);
                buffer = pool.Rent();
                {|PGT001:old[0]|} = 1;
            }
        }
        """);

    [Fact]
    public Task ReturnedTwiceInAnIterationWithAnAlias_Reports() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            var first = buffer;
            for (var i = 0; i < 3; i++)
            {
                pool.Return(buffer);
                pool.Return({|PGT004:buffer|});
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task RentedAgainOnSomePathsOnly_ReportsOnSomePaths() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            var old = buffer;
            for (var i = 0; i < 3; i++)
            {
                pool.Return({|PGT104:buffer|});
                if (i % 2 == 0)
                {
                    buffer = pool.Rent();
                }
            }
        }
        """);

    [Fact]
    public Task ManualEnumerator_CurrentDeferredThenWrittenBeforeTheNextMoveNext_Reports() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.IEnumerable<PteTable> tables)
        {
            using var e = tables.GetEnumerator();
            while (e.MoveNext())
            {
                var t = e.Current;
                PteFreeDefer(mm, t);
                {|PGT001:e.Current[0]|} = 1;
            }
        }
        """);

    [Fact]
    public Task ManualEnumerator_ElementDeferredThenWrittenAfterMoveNext_Reports() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.List<PteTable> tables)
        {
            var e = tables.GetEnumerator();
            e.MoveNext();
            var t = e.Current;
            PteFreeDefer(mm, t);
            e.MoveNext();
            {|PGT001:t[0]|} = 1;
        }
        """);

    // ---- a value assigned afresh in a loop iteration: silent ----

    [Fact]
    public Task RentReturnLoop_IsSilent() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                buffer[0] = 1;
                pool.Return(buffer);
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task RentReturnWhileLoop_IsSilent() => Verify("""
        void F(Pool pool, int count)
        {
            var buffer = pool.Rent();
            while (count-- > 0)
            {
                pool.Return(buffer);
                buffer = pool.Rent();
                buffer[1] = 2;
            }
        }
        """);

    [Fact]
    public Task RentIntoFreshLocalPerIteration_IsSilent() => Verify("""
        void F(Pool pool)
        {
            for (var i = 0; i < 3; i++)
            {
                var buffer = pool.Rent();
                buffer[0] = 1;
                pool.Return(buffer);
            }
        }
        """);

    [Fact]
    public Task AllocInLoop_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            var table = PteTable.Alloc(mm);
            for (var i = 0; i < 3; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
                table[0] = 0;
            }
        }
        """);

    [Fact]
    public Task RentReturnForeachLoop_IsSilent() => Verify("""
        void F(Pool pool, int[] items)
        {
            var buffer = pool.Rent();
            foreach (var item in items)
            {
                buffer[0] = (ulong)item;
                pool.Return(buffer);
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task AliasOfTheCurrentBufferReturnedEachIteration_IsSilent() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            for (var i = 0; i < 3; i++)
            {
                var old = buffer;
                pool.Return(old);
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task FirstBufferKeptBeforeTheLoop_IsSilent() => Verify("""
        void F(Pool pool)
        {
            var buffer = pool.Rent();
            var first = buffer;
            for (var i = 0; i < 3; i++)
            {
                buffer[0] = 1;
                pool.Return(buffer);
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task FirstBufferKeptBeforeAWhileLoop_WrittenAfterRent_IsSilent() => Verify("""
        void F(Pool pool, int count)
        {
            var buffer = pool.Rent();
            var keep = buffer;
            while (count-- > 0)
            {
                pool.Return(buffer);
                buffer = pool.Rent();
                buffer[1] = 2;
            }
        }
        """);

    [Fact]
    public Task TwoVariablesRentedAfreshWithAliases_IsSilent() => Verify("""
        void F(Pool pool)
        {
            var a = pool.Rent();
            var b = pool.Rent();
            var firstA = a;
            var firstB = b;
            for (var i = 0; i < 3; i++)
            {
                pool.Return(a);
                pool.Return(b);
                a = pool.Rent();
                b = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task ForeachWithTheBufferCopiedEachIteration_IsSilent() => Verify("""
        void F(Pool pool, int[] items)
        {
            var buffer = pool.Rent();
            foreach (var item in items)
            {
                var previous = buffer;
                previous[0] = (ulong)item;
                pool.Return(previous);
                buffer = pool.Rent();
            }
        }
        """);

    [Fact]
    public Task AllocInLoopWithTheFirstTableKept_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm)
        {
            var table = PteTable.Alloc(mm);
            var first = table;
            for (var i = 0; i < 3; i++)
            {
                PteFreeDefer(mm, table);
                table = PteTable.Alloc(mm);
                table[0] = 0;
            }
        }
        """);

    [Fact]
    public Task ManualEnumerator_CurrentWrittenThenDeferredEachIteration_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.IEnumerable<PteTable> tables)
        {
            using var e = tables.GetEnumerator();
            while (e.MoveNext())
            {
                var t = e.Current;
                t[0] = 0;
                PteFreeDefer(mm, t);
            }
        }
        """);

    [Fact]
    public Task ManualStructEnumerator_CurrentWrittenThenDeferredEachIteration_IsSilent() => Verify("""
        void F([RequiresMm] Mm mm, System.Collections.Generic.List<PteTable> tables)
        {
            var e = tables.GetEnumerator();
            while (e.MoveNext())
            {
                e.Current[0] = 0;
                PteFreeDefer(mm, e.Current);
            }
        }
        """);

    // ---- a local copy of a plain data struct: reports ----

    [Fact]
    public Task WriteThroughReferenceFieldOfCopy_Reports() => Verify("""
        void F([RequiresMm] Mm mm, Holder holder)
        {
            var copy = holder.Current;
            PteFreeDefer(mm, copy.Table);
            {|PGT001:copy.Table[0]|} = 1;
        }
        """);

    [Fact]
    public Task CopyPassedToWrites_Reports() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            var copy = holder.Current;
            Touch({|PGT001:copy|});
        }
        """);

    [Fact]
    public Task WriteToTheStructFieldInPlace_Reports() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            {|PGT001:holder.Current.Value|} = 1;
        }
        """);

    [Fact]
    public Task WriteThroughRefLocalToTheStruct_Reports() => Verify("""
        void F(Holder holder)
        {
            ref var current = ref holder.Current;
            RetireHolder(holder);
            {|PGT001:current|} = default;
        }
        """);

    [Fact]
    public Task WriteToWholeStructField_Reports() => Verify("""
        void F(Holder holder, Snapshot snapshot)
        {
            RetireHolder(holder);
            {|PGT001:holder.Current|} = snapshot;
        }
        """);

    // ---- a local copy of a plain data struct: silent ----

    [Fact]
    public Task FieldWriteOnLocalCopy_IsSilent() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            var copy = holder.Current;
            copy.Value = 1;
        }
        """);

    [Fact]
    public Task FieldWriteOnCopyTakenBeforeDeferral_IsSilent() => Verify("""
        ulong F(Holder holder)
        {
            var copy = holder.Current;
            RetireHolder(holder);
            copy.Value = 2;
            copy.Table = new PteTable();
            return copy.Value;
        }
        """);

    [Fact]
    public Task FieldWriteOnByValueParameterCopy_IsSilent() => Verify("""
        void F([DeferredFree] Snapshot snapshot)
        {
            snapshot.Value = 3;
        }
        """);

    [Fact]
    public Task CompoundWriteOnLocalCopy_IsSilent() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            var copy = holder.Current;
            copy.Value += 1;
            copy.Value++;
        }
        """);

    [Fact]
    public Task DeconstructedCopyOfStruct_IsSilent() => Verify("""
        void F(Holder holder)
        {
            RetireHolder(holder);
            var (copy, n) = (holder.Current, 1);
            copy.Value = 4;
        }
        """);

    // ---- `?.` with `??`: reports ----

    [Fact]
    public Task ConditionalAccessWithoutFallback_ReportsOnSomePaths() => Verify("""
        void F(Vma? vma) => SpinLock({|PGT103:vma?.Mm|});
        """);

    [Fact]
    public Task FallbackThatIsNull_ReportsOnSomePaths() => Verify("""
        void F(Vma? vma) => SpinLock({|PGT103:vma?.Mm ?? null|});
        """);

    [Fact]
    public Task FallbackFromUnannotatedParameter_ReportsOnSomePaths() => Verify("""
        void F(Vma? vma, Mm stray) => SpinLock({|PGT103:vma?.Mm ?? stray|});
        """);

    [Fact]
    public Task ConditionalAccessToNonSource_ReportsOnSomePaths() => Verify("""
        void F(Page? page, [RequiresMm] Mm mm) => SpinLock({|PGT103:page?.PtMm ?? mm|});
        """);

    [Fact]
    public Task NullConditionalStoredThenUsed_ReportsOnSomePaths() => Verify("""
        void F(Vma? vma)
        {
            var mm = vma?.Mm;
            SpinLock({|PGT103:mm|});
        }
        """);

    // ---- `?.` with `??`: silent ----

    [Fact]
    public Task ConditionalAccessWithRequiresMmFallback_IsSilent() => Verify("""
        void F(Vma? vma, [RequiresMm] Mm mm) => SpinLock(vma?.Mm ?? mm);
        """);

    [Fact]
    public Task ConditionalAccessWithSourceFallback_IsSilent() => Verify("""
        void F(Vma? vma, TaskStruct task) => SpinLock(vma?.Mm ?? task.Mm);
        """);

    [Fact]
    public Task StoredCoalesce_IsSilent() => Verify("""
        void F(Vma? vma, [RequiresMm] Mm mm)
        {
            var target = vma?.Mm ?? mm;
            SpinLock(target);
            SpinUnlock(target);
        }
        """);

    [Fact]
    public Task NestedConditionalAccess_IsSilent() => Verify("""
        void F(Vma? first, Vma? second, [RequiresMm] Mm mm) => SpinLock(first?.Mm ?? second?.Mm ?? mm);
        """);

    [Fact]
    public Task CoalesceOfTwoSources_IsSilent() => Verify("""
        void F(Vma? vma, TaskStruct task, [RequiresMm] Mm mm)
        {
            SpinLock(vma?.Mm ?? task.Mm);
            SpinUnlock(mm);
        }
        """);
}
