using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>
/// Deliberately broken, half-typed or pathological code that touches the annotations. Every analyzer must
/// stay silent or report, never throw. Add a case by adding a (name, code) pair; the robustness issue
/// extends this list.
/// </summary>
internal static class RobustnessCorpus
{
    public static IEnumerable<(string Name, string Code)> Cases()
    {
        yield return ("HalfTypedCall", Snippet.InClass("""
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, 
            }
            """));
        yield return ("MissingRightHandSide", Snippet.InClass("""
            void F([RequiresMm] Mm mm, PteTable table)
            {
                PteFreeDefer(mm, table);
                table[1] = ;
                table. = 3;
            }
            """));
        yield return ("UndefinedSymbolsAndTypes", Snippet.InClass("""
            void F(Unknown mm, PteTable table)
            {
                PteFreeDefer(nothing, table);
                Missing x = Bar();
                x[0] = table;
                ListAdd(x.Lru, y.Head);
                CallRcu(Page.Nope, Undefined);
            }
            """));
        yield return ("OverlayAttributeWithoutGroup", Snippet.InClass("""
            class Odd
            {
                [Overlay] public ListHead A = new ListHead();
                [Overlay(42)] public RcuHead B = new RcuHead();
                [Overlay(null)] public RcuHead C = new RcuHead();
            }

            void F(Odd odd)
            {
                ListAdd(odd.A, odd.A);
                CallRcu(odd.B, null);
                CallRcu(odd.C, null);
            }
            """));
        yield return ("AttributesOnErrorTypes", Snippet.InClass("""
            static void Free([DeferredFree] Nope table, [RequiresMm] Nada mm) { table[0] = 1; }
            void F() { Free(null, null); Free(); Free(1, 2, 3); }
            """));
        yield return ("ClaimsOnNonMembers", Snippet.InClass("""
            static ListHead Head() => new ListHead();
            void F(ListHead[] heads)
            {
                ListAdd(null, null);
                ListAdd(Head(), Head());
                ListDel(heads[0]);
                ListAdd(new Page().Lru, heads[1]);
                AssumeOffList(default);
            }
            """));
        yield return ("GotoSpaghetti", Snippet.InClass("""
            void F([RequiresMm] Mm mm, PteTable table, int n)
            {
            again:
                if (n-- > 0) goto freeit;
                table[0] = PteNone;
                goto again;
            freeit:
                PteFreeDefer(mm, table);
                if (n > 3) goto again;
            }
            """));
        yield return ("ListWalkGrowsViewChains", Snippet.InClass("""
            void F([RequiresMm] Mm mm, ListHead head, PteTable table)
            {
                PteFreeDefer(mm, table);
                var node = table.AsListHead();
                while (node != null)
                {
                    node.Next = node.Prev;
                    node = node.Next;
                }
            }
            """));
        yield return ("EveryKindOfBody", Snippet.InClass("""
            static Action Later = () => SpinLock(null);
            PteTable Field = PteTable.Alloc(null);
            PteTable Prop { get => Field; set { PteFreeDefer(null, value); value[0] = 1; } }
            C([RequiresMm] Mm mm) { PteFreeDefer(mm, Field); Field[0] = 1; }
            ~C() { SpinLock(null); }
            static System.Collections.Generic.IEnumerable<int> Walk([RequiresMm] Mm mm, PteTable t)
            {
                PteFreeDefer(mm, t);
                yield return 1;
                t[0] = 1;
            }
            async Task Lambdas([RequiresMm] Mm mm, Page page)
            {
                Func<Task> f = async () => { await Task.Yield(); SpinLock(mm); };
                CallRcu(page.RcuHead, async head => { await Task.Yield(); SpinLock(mm); });
                RunWithoutMm(() => { void Inner() => SpinLock(mm); Inner(); });
                await f();
            }
            int this[PteTable t] { get { PteFreeDefer(null, t); return (int)t[0]; } }
            """));
        yield return ("RecursiveLocalFunctionsAndPatterns", Snippet.InClass("""
            void F([RequiresMm] Mm mm, object o)
            {
                Recurse(3);
                void Recurse(int n) { if (n > 0) Recurse(n - 1); if (o is PteTable { Words: [var first, ..] } t and not null) PteFreeDefer(mm, t); }
                var (a, b) = (o as PteTable, o as PteTable);
                (a![0], b![1]) = (1UL, 2UL);
                switch (o) { case PteTable t when t[0] == 0: PteFreeDefer(mm, t); t[0] = 1; break; case Page { Lru: var l }: ListDel(l); break; }
            }
            """));
        yield return ("TopLevelStatements", Snippet.Usings + """
            var mm = new TaskStruct().Mm;
            var table = PteTable.Alloc(mm);
            PteFreeDefer(mm, table);
            table[0] = 1;
            SpinLock(null);
            """);
        yield return ("CallTypedTwiceIsABodilessLocalFunction", Snippet.InClass("""
            void F([RequiresMm] Mm mm, PteTable table, Page page, int n)
            {
                using var scope = new System.IO.MemoryStream();
                if (n > 0) table[1] = 1;
                if (n > 1) table[2] = 2;
                if (n > 2) table[3] = 3;
                PteFreeDefer(mm, table);
                Kernel.CallRcu CallRcu(page.RcuHead, null);
                table[0] = PteNone;
            }
            """));
        yield return ("EveryWayToCopyAValue", Snippet.InClass("""
            sealed class Pool { public PteTable Rent() => new PteTable(); public void Return([DeferredFree] PteTable table) { } }
            sealed class Slots { private readonly ulong[] _words = new ulong[4]; public ref ulong Entry(int i) => ref _words[i]; public ref ulong First => ref _words[0]; }
            struct Snapshot { public ulong Value; public PteTable? Table; }
            sealed class Holder { public Snapshot Current; public ListHead? Node; public ListHead?[] Nodes = new ListHead?[2]; public int Count; }
            static void Retire([DeferredFree] Slots slots) { }
            static void RetireHolder([DeferredFree] Holder holder) { }
            record Rec(PteTable T, int N);
            sealed class Init { public PteTable? T { get; init; } }
            sealed class Keeper(PteTable t) { public PteTable T { get; } = t; }

            void F([RequiresMm] Mm mm, PteTable t1, PteTable t2, Pool pool, Slots slots, Holder holder, Vma? vma)
            {
                var (a, (b, n)) = (t1, (t2, 0));
                (a, b) = (b, a);
                PteFreeDefer(mm, a);
                ref var word = ref b.Words[0];
                ref var entry = ref slots.Entry(1);
                Retire(slots);
                word = 1; entry |= 2; slots.First = 3; slots.Entry(0) += 1;
                RetireHolder(holder);
                holder.Node ??= new ListHead(); holder.Nodes[n] ??= null; holder.Count += 1; holder.Count++;
                var copy = holder.Current; copy.Value = 4; copy.Table ??= t1;
                var buffer = pool.Rent();
                for (var i = 0; i < 3; i++) { buffer[0] = 1; pool.Return(buffer); buffer = pool.Rent(); }
                foreach (var x in new[] { 1 }) { pool.Return(buffer); (buffer, var m) = (pool.Rent(), x); }
                SpinLock(vma?.Mm ?? mm);
                SpinUnlock(vma?.Mm ?? (vma ??= new Vma()).Mm);
                var pair = (t1, buffer); (PteTable A, PteTable B) named = pair; pair.Item1 = named.B;
                ulong? m0 = null; pool.Return(pair.Item2); word = n > 0 ? 1UL : 2UL; slots.Entry(1) = m0 ?? 5;
                PteTable? none = null; (none ?? t1)[0] = 1;
                while (n > 0) { pool.Return(buffer); buffer = n > 1 ? pool.Rent() : new PteTable(); }
                var rec = new Rec(t1, 1); var rec2 = rec with { N = 2 }; rec2.T[0] = 1; var rec3 = rec2 with { T = t2 };
                var init = new Init { T = rec3.T }; new Keeper(init.T!).T[1] = 2; PteFreeDefer(mm, new Rec(new Keeper(t2).T, 0).T);
                var once = n == 0; const bool never = false;
                if (once && !never) PteFreeDefer(mm, t2); else if (!(once)) t2[0] = 1;
                again: if (!once) { once = true; goto again; }
                uint mk = (uint)n >> 24; var st = 0;
                if ((mk & 0x03U) != 0 && mk <= 7) { PteFreeDefer(mm, t1); st = 2; } else if (0 == mk || 5 < mk) t1[0] = 1;
                if (st != 2 && (2 & mk) == 0 && once == false) t1[1] = 1; mk >>= 1; st++; if (st < 3) t1[2] = 1;
            }
            """));
        yield return ("HelpersThatReturnAnArgument", Snippet.InClass("""
            static PteTable Same(PteTable t) => t;
            static PteTable Retire([RequiresMm] Mm mm, PteTable t) { PteFreeDefer(mm, t); return (t); }
            static PteTable Keep(PteTable t, PteTable u) { Func<PteTable> f = () => u; if (u is null) return t; return t; }
            static ref PteTable Slot(ref PteTable t) => ref t;
            static PteTable Swap(ref PteTable t, PteTable u) { (t, u) = (u, t); return u; }
            static PteTable Recurse(PteTable t) => Recurse(Same(t));
            static PteTable Partial(PteTable t) { return t
            void F([RequiresMm] Mm mm, PteTable t, PteTable u)
            {
                Retire(mm, Same(Keep(t, u)))[0] = 1; Slot(ref t)[1] = 2; Swap(ref t, u)[2] = 3;
                Recurse(t)[3] = 4; Partial(u)[4] = 5; Same(Same(Same(u)))[5] = 6;
            }
            """));
        yield return ("LocalFunctionsThatCapture", Snippet.InClass("""
            void F([RequiresMm] Mm mm, PteTable t, Page page, int n)
            {
                var u = PteTable.Alloc(mm);
                void Free() => PteFreeDefer(mm, t);
                void Both() { Free(); PteFreeDefer(mm, u); u = t; }
                void Rec(int k) { if (k > 0) Rec(k - 1); t[k] = 1; }
                void List() => ListAdd(page.Lru, mm.Context.PgtableList);
                static void Alone(PteTable x) => x[0] = 1;
                Free(); Both(); Rec(n); List(); Alone(u); u[2] = 3; Missing(); Half(
                void Half(int z) { PteFreeDefer(mm, 
            }
            """));
        yield return ("FinallyPathsOutArgumentsAndNarrowing", Snippet.InClass("""
            static ref ulong Word(PteTable t) => ref t.Words[0];
            void F([RequiresMm] Mm mm, PteTable t, object o, System.Collections.Generic.Dictionary<int, PteTable> d, int n)
            {
                for (var i = 0; i < n; i++)
                {
                    try { lock (mm) { if (i == 1) { PteFreeDefer(mm, t); return; } if (i == 2) continue; } }
                    finally { try { t[1] = 2; } finally { if (n > 3) goto done; } }
                    t = PteTable.Alloc(mm);
                }
                if (d.TryGetValue(n, out var old) && o is Page { } p) { PteFreeDefer(mm, old); Word(old) = 1; CallRcu(p.RcuHead, null); }
                done: Renew(ref t, out var u); var q = (Page)o; u[0] = q.Lru
            }
            """));
        yield return ("HugeMethodOverBudget", Snippet.InClass(HugeMethod(2500)));
        yield return ("DeeplyNestedLambdas", Snippet.InClass(NestedLambdas(40)));
    }

    /// <summary>A body with thousands of basic blocks: analysed up to the budget, then skipped silently.</summary>
    private static string HugeMethod(int branches)
    {
        var body = new StringBuilder("void Huge([RequiresMm] Mm mm, PteTable table, int n)\n{\n    PteFreeDefer(mm, table);\n");
        foreach (var i in Enumerable.Range(0, branches))
        {
            body.Append("    if (n == ").Append(i).Append(") table[").Append(i % 256).Append("] = PteNone;\n");
        }

        return body.Append("}\n").ToString();
    }

    private static string NestedLambdas(int depth)
    {
        var body = new StringBuilder("void Nested([RequiresMm] Mm mm, PteTable table)\n{\n");
        for (var i = 0; i < depth; i++)
        {
            body.Append("RunLater(() => {\n");
        }

        body.Append("PteFreeDefer(mm, table); table[0] = PteNone;\n");
        for (var i = 0; i < depth; i++)
        {
            body.Append("});\n");
        }

        return body.Append("}\n").ToString();
    }
}
