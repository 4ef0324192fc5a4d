using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Rules;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Rules;

/// <summary>
/// Overlay liveness across methods (annotations.md, Contract v2, point 3): a membership some method of a type
/// hierarchy leaves live on return and some method releases may be live whenever a method of that hierarchy
/// receives an object; a claim nothing releases does not outlive its method. The sources start with
/// <see cref="Snippet.Usings"/> (6 lines), so their first line is line 7.
/// </summary>
public sealed class CrossMethodOverlayLivenessTests
{
    /// <summary>A pool that lists a fresh page in Alloc (line 12) and takes it off in Take (line 17).</summary>
    private const string Pool = """
        class Pool
        {
            public void Alloc([RequiresMm] Mm mm)
            {
                var fresh = new Page();
                ListAdd(fresh.Lru, mm.Context.PgtableList);
            }

            public void Take(Page page)
            {
                ListDel(page.Lru);
            }

            [NoMm] protected static void Free(RcuHead head) { }
        }

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        VerifyAsync<UnionOverlayConflictAnalyzer>(Snippet.Usings + source, expected);

    private static DiagnosticResult SomePaths(int marker, string access, string verb, string live, string method, int line) =>
        Diagnostic(Descriptors.UnionOverlayConflictOnSomePaths, marker).WithArguments(access, verb, live, method, line);

    // ---- reports ----

    [Fact]
    public Task SameClass_PageLookedUpFromParameter_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(PteTable table)
            {
                var page = Page.FromTable(table);
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task SameClass_PageParameter_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Page page)
            {
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task DerivedClass_ClaimsWhatBaseLeftListed_Reports() => Verify(Pool + """
        sealed class V1 : Pool
        {
            public void Defer(PteTable table)
            {
                var page = Page.FromTable(table);
                CallRcu({|#0:page.RcuHead|}, Free);
            }
        }
        """, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task BaseClass_ClaimsWhatDerivedLeavesListed_Reports() => Verify("""
        class Base
        {
            public void Defer(Page page)
            {
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm] static void Free(RcuHead head) { }
        }

        sealed class Derived : Base
        {
            public void Park([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            public void Unpark(Page page) => ListDel(page.Lru);
        }
        """, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Park", 19));

    [Fact]
    public Task ReadOfOtherMember_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public RcuHead Peek(Page page)
            {
                return {|#0:page.RcuHead|};
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "read", "page.Lru", "Alloc", 12));

    [Fact]
    public Task LookedUpThroughAnotherCall_Reports() => Verify(Pool.Replace("    [NoMm]", """
            static PteTable Same(PteTable table) => table;

            public void Defer(PteTable table)
            {
                var page = Page.FromTable(Same(table));
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task AssertedOffListOnOneBranchOnly_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Page page, bool active)
            {
                if (active)
                {
                    AssumeOffList(page.Lru);
                }

                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task StaticClass_Reports() => Verify("""
        static class Pgalloc
        {
            public static void Free([RequiresMm] Mm mm, Page page, bool otherHalfInUse)
            {
                if (otherHalfInUse)
                {
                    ListAdd(page.Lru, mm.Context.PgtableList);
                }
                else
                {
                    ListDelInit(page.Lru);
                }
            }

            public static void Defer(PteTable table) => CallRcu({|#0:Page.FromTable(table).RcuHead|}, Done);

            [NoMm] static void Done(RcuHead head) { }
        }
        """, SomePaths(0, "Page.FromTable(table).RcuHead", "claimed", "Page.FromTable(table).Lru", "Free", 13));

    [Fact]
    public Task BlameIsTheFirstMethodThatLeftItListed_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Relist([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            public void Defer(Page page) => CallRcu({|#0:page.RcuHead|}, Free);

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task LambdaParameter_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Action<Page> register) => Register(page => CallRcu({|#0:page.RcuHead|}, Free));

            static void Register(Action<Page> action) { }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    // ---- silent ----

    [Fact]
    public Task AssertedOffListFirst_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Page page)
            {
                AssumeOffList(page.Lru);
                CallRcu(page.RcuHead, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task ReleasedFirst_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Page page)
            {
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task FreshPage_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer()
            {
                var page = new Page();
                CallRcu(page.RcuHead, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task NothingEverReleasesTheMember_IsSilent() => Verify("""
        class Pool
        {
            public void Alloc([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """);

    [Fact]
    public Task RcuHeadQueuedElsewhere_DoesNotOutliveItsMethod_IsSilent() => Verify("""
        class Pool
        {
            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            public void Park([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            [NoMm] static void Free(RcuHead head) { }
        }
        """);

    [Fact]
    public Task UnrelatedClassListsPages_IsSilent() => Verify(Pool + """
        sealed class Other
        {
            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """);

    [Fact]
    public Task SiblingClassListsPages_IsSilent() => Verify("""
        class Base
        {
            [NoMm] protected static void Free(RcuHead head) { }
        }

        sealed class Lister : Base
        {
            public void Park([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            public void Unpark(Page page) => ListDel(page.Lru);
        }

        sealed class Deferrer : Base
        {
            public void Defer(Page page) => CallRcu(page.RcuHead, Free);
        }
        """);

    [Fact]
    public Task ListedAndUnlistedInOneMethod_IsSilent() => Verify("""
        class Pool
        {
            public void Cycle([RequiresMm] Mm mm, Page page)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
            }

            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """);

    [Fact]
    public Task SameMemberUsedAgain_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public ListHead? Next(Page page) => page.Lru.Next;

            [NoMm]
        """));

    [Fact]
    public Task PageFromThisNotFromAParameter_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            private readonly Page _spare = new Page();

            public void Defer() => CallRcu(_spare.RcuHead, Free);

            [NoMm]
        """));

    [Fact]
    public Task RelistingInAnotherMethod_IsNoDoubleClaim() => VerifyAsync<DoubleDeferredFreeAnalyzer>(Snippet.Usings + Pool.Replace("    [NoMm]", """
            public void Relist([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            [NoMm]
        """));
}
