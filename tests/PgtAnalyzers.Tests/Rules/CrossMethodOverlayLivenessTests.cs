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

    /// <summary>Unannotated helpers outside any hierarchy of the tests, appended after the classes under test.</summary>
    private const string Lists = """

        static class Lists
        {
            public static void ListPage(Page page, [RequiresMm] Mm mm) => ListAdd(page.Lru, mm.Context.PgtableList);
            public static void UnlistPage(Page page) => ListDel(page.Lru);
            public static void Link(ListHead node, ListHead head) => ListAdd(node, head);
            public static void Unlink(ListHead node) => ListDelInit(node);
            public static void CheckOffList(Page page) => AssumeOffList(page.Lru);
            public static void ListThenUnlist(Page page, [RequiresMm] Mm mm)
            {
                ListAdd(page.Lru, mm.Context.PgtableList);
                ListDel(page.Lru);
            }

            public static bool IsListed(Page page) => page.Lru.Next is not null;
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

    // A local function that queues the captured page is reported at its call, which is no object: the live
    // member is named through the page, as the queued one is ('page.Lru', not 'Q().Lru', which the fix would paste).
    [Fact]
    public Task DerivedClass_LocalFunctionQueuesTheCapturedPage_NamesTheLiveMemberThroughThePage() => Verify(Pool + """
        sealed class V1 : Pool
        {
            public void Defer(Page page)
            {
                void Q() => CallRcu(page.RcuHead, Free);
                {|#0:Q()|};
            }
        }
        """, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

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
    public Task BaseClass_ClaimsWhatNestedDerivedLeavesListed_Reports() => Verify("""
        class Base
        {
            public void Defer(Page page)
            {
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm] static void Free(RcuHead head) { }
        }

        static class Outer
        {
            public sealed class Derived : Base
            {
                public void Park([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

                public void Unpark(Page page) => ListDel(page.Lru);
            }
        }
        """, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Park", 21));

    [Fact]
    public Task SealedClass_OtherSealedClassLeavesListed_Silent() => Verify("""
        sealed class Holder
        {
            public void Defer(Page page)
            {
                CallRcu(page.RcuHead, Free);
            }

            [NoMm] static void Free(RcuHead head) { }
        }

        sealed class Other
        {
            public void Park([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            public void Unpark(Page page) => ListDel(page.Lru);
        }
        """);

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

    [Fact]
    public Task SameClass_ObjectParameterMatchedAsAPage_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is Page page)
                {
                    CallRcu({|#0:page.RcuHead|}, Free);
                }
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task SameClass_ObjectParameterCastToAPage_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                var page = (Page)item;
                CallRcu({|PGT102:page.RcuHead|}, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task SameClass_ObjectParameterAsAPage_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                var page = item as Page;
                if (page != null)
                {
                    CallRcu({|PGT102:page.RcuHead|}, Free);
                }
            }

            [NoMm]
        """));

    [Fact]
    public Task SameClass_InterfaceParameterCastToAPageThroughObject_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(IDisposable item)
            {
                var page = (Page)(object)item;
                CallRcu({|PGT102:page.RcuHead|}, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task SameClass_GenericParameterMatchedAsAPage_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer<T>(T item) where T : class
            {
                if (item is Page { } page)
                {
                    CallRcu({|PGT102:page.RcuHead|}, Free);
                }
            }

            [NoMm]
        """));

    // ---- through unannotated helpers (inferred summaries): reports ----

    [Fact]
    public Task ListedThroughAHelper_Reports() => Verify("""
        class Pool
        {
            public void Alloc([RequiresMm] Mm mm)
            {
                var fresh = new Page();
                Lists.ListPage(fresh, mm);
            }

            public void Take(Page page) => ListDel(page.Lru);

            public void Defer(Page page) => CallRcu({|#0:page.RcuHead|}, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task UnlistedOnlyThroughAHelper_Reports() => Verify("""
        class Pool
        {
            public void Park([RequiresMm] Mm mm, Page page) => ListAdd(page.Lru, mm.Context.PgtableList);

            public void Take(Page page) => Lists.UnlistPage(page);

            public void Defer(Page page) => CallRcu({|#0:page.RcuHead|}, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Park", 9));

    [Fact]
    public Task MemberGivenToHelpers_Reports() => Verify("""
        class Pool
        {
            public void Park([RequiresMm] Mm mm, Page page) => Lists.Link(page.Lru, mm.Context.PgtableList);

            public void Take(Page page) => Lists.Unlink(page.Lru);

            public void Defer(PteTable table) => CallRcu({|#0:Page.FromTable(table).RcuHead|}, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists, SomePaths(0, "Page.FromTable(table).RcuHead", "claimed", "Page.FromTable(table).Lru", "Park", 9));

    [Fact]
    public Task DerivedClassListsThroughAHelper_BaseDefers_Reports() => Verify("""
        class Base
        {
            public void Defer(Page page) => CallRcu({|#0:page.RcuHead|}, Free);

            [NoMm] static void Free(RcuHead head) { }
        }

        sealed class Derived : Base
        {
            public void Park([RequiresMm] Mm mm, Page page) => Lists.ListPage(page, mm);

            public void Unpark(Page page) => Lists.UnlistPage(page);
        }
        """ + Lists, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Park", 16));

    [Fact]
    public Task ListedThroughAChainOfHelpers_Reports() => Verify("""
        class Pool
        {
            public void Park([RequiresMm] Mm mm, Page page) => Relist(page, mm);

            static void Relist(Page page, [RequiresMm] Mm mm) => Lists.ListPage(page, mm);

            public void Take(Page page) => ListDel(page.Lru);

            public void Defer(Page page) => CallRcu({|#0:page.RcuHead|}, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Park", 9));

    [Fact]
    public Task QueuedThroughAHelperWhileListedThroughAnother_Reports() => Verify("""
        class Pool
        {
            public void Park([RequiresMm] Mm mm, Page page) => Lists.ListPage(page, mm);

            public void Take(Page page) => Lists.UnlistPage(page);

            public void Defer(Page page) => Rcu.Queue({|#0:page|});
        }

        static class Rcu
        {
            public static void Queue(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Park", 9));

    [Fact]
    public Task QueuedThroughAHelperOutsideTheHierarchy_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Page page) => Rcu.Queue({|#0:page|});

            [NoMm]
        """) + """
        static class Rcu
        {
            public static void Queue(Page page) => CallRcu(page.RcuHead, Done);

            [NoMm] static void Done(RcuHead head) { }
        }
        """, SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    private const string FragHierarchy = """
        class FragBase
        {
            [Overlay("u")] public virtual ListHead Node { get; } = new ListHead();
            [Overlay("u")] public virtual RcuHead Rcu { get; } = new RcuHead();
        }

        sealed class Frag : FragBase
        {
            public override ListHead Node { get; } = new ListHead();
        }

        """;

    [Fact]
    public Task LiveFromAnotherMethod_ReadThroughAConditionalAccess_NamesTheLiveMemberOfThatObject() => Verify(FragHierarchy + """
        class Pool
        {
            public void Put(FragBase f, ListHead h) => ListAdd(f.Node, h);
            public void Take(FragBase f) => ListDel(f.Node);
            public RcuCallback? Peek(FragBase? f) => f?{|#0:.Rcu|}.Func;
        }
        """, SomePaths(0, "f?.Rcu", "read", "f.Node", "Put", 19));

    [Fact]
    public Task ListedThroughTheBase_UnlistedThroughTheOverrideBeforeTheRcuHead_Silent() => Verify(FragHierarchy + """
        class Pool
        {
            public void Put(FragBase f, ListHead h) => ListAdd(f.Node, h);
            public void Take(FragBase f) => ListDel(f.Node);
            public void Defer(Frag f)
            {
                ListDel(f.Node);
                CallRcu(f.Rcu, Free);
            }

            [NoMm] static void Free(RcuHead h) { }
        }
        """);

    [Fact]
    public Task ListedThroughTheBase_RcuHeadQueuedThroughTheOverridesObject_Reports() => Verify(FragHierarchy + """
        class Pool
        {
            public void Put(FragBase f, ListHead h) => ListAdd(f.Node, h);
            public void Take(Frag f) => ListDel(f.Node);
            public void Defer(Frag f) => CallRcu({|#0:f.Rcu|}, Free);

            [NoMm] static void Free(RcuHead h) { }
        }
        """, SomePaths(0, "f.Rcu", "claimed", "f.Node", "Put", 19));

    // ---- received through a constrained type parameter, or an `is not` pattern that exits ----

    private const string PlainFrag = """
        class Frag
        {
            [Overlay("u")] public ListHead Node { get; } = new ListHead();
            [Overlay("u")] public RcuHead Rcu { get; } = new RcuHead();
        }

        """;

    [Fact]
    public Task ClassTypeParameterConstrainedToTheOverlayType_Reports() => Verify(PlainFrag + """
        class Pool<TFrag> where TFrag : Frag
        {
            public void Put(TFrag f, ListHead h) => ListAdd(f.Node, h);
            public void Take(TFrag f) => ListDel(f.Node);
            public void Defer(TFrag f) => CallRcu({|#0:f.Rcu|}, Free);

            [NoMm] static void Free(RcuHead h) { }
        }
        """, SomePaths(0, "f.Rcu", "claimed", "f.Node", "Put", 14));

    [Fact]
    public Task MethodTypeParameterConstrainedToTheOverlayType_Reports() => Verify(PlainFrag + """
        class Pool
        {
            public void Put(Frag f, ListHead h) => ListAdd(f.Node, h);
            public void Take(Frag f) => ListDel(f.Node);
            public void Defer<T>(T f) where T : Frag => CallRcu({|#0:f.Rcu|}, Free);

            [NoMm] static void Free(RcuHead h) { }
        }
        """, SomePaths(0, "f.Rcu", "claimed", "f.Node", "Put", 14));

    [Fact]
    public Task TypeParameterConstrainedToADerivedType_Reports() => Verify(PlainFrag + """
        class BigFrag : Frag { }

        class Pool
        {
            public void Put(Frag f, ListHead h) => ListAdd(f.Node, h);
            public void Take(Frag f) => ListDel(f.Node);
            public void Defer<T, U>(U f) where T : BigFrag where U : T => CallRcu({|#0:f.Rcu|}, Free);

            [NoMm] static void Free(RcuHead h) { }
        }
        """, SomePaths(0, "f.Rcu", "claimed", "f.Node", "Put", 16));

    [Fact]
    public Task ObjectParameterNotAPage_Returns_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is not Page page)
                    return;
                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task ObjectParameterNotAPage_Throws_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is not Page page)
                {
                    throw new ArgumentException("not a page", nameof(item));
                }

                CallRcu({|#0:page.RcuHead|}, Free);
            }

            [NoMm]
        """), SomePaths(0, "page.RcuHead", "claimed", "page.Lru", "Alloc", 12));

    [Fact]
    public Task ObjectParameterNotAPageWithProperties_Returns_Reports() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is not Page { } page)
                    return;
                CallRcu({|#0:page.RcuHead|}, Free);
            }

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
    public Task ObjectParameterMatchedAsAPage_ReleasedFirst_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is Page page)
                {
                    ListDel(page.Lru);
                    CallRcu(page.RcuHead, Free);
                }
            }

            [NoMm]
        """));

    [Fact]
    public Task ObjectParameterCastToAPage_AssertedOffListFirst_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                var page = (Page)item;
                AssumeOffList(page.Lru);
                CallRcu(page.RcuHead, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task ObjectParameterMatchedAsAPage_InAClassOutsideTheHierarchy_IsSilent() => Verify(Pool + """
        class Recycler
        {
            public void Defer(object item)
            {
                if (item is Page page)
                {
                    CallRcu(page.RcuHead, Free);
                }
            }

            [NoMm] static void Free(RcuHead head) { }
        }
        """);

    [Fact]
    public Task ObjectParameterNeverNarrowedToAPage_FreshPageQueued_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                var page = new Page();
                if (item is string)
                {
                    CallRcu(page.RcuHead, Free);
                }
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

    // ---- through unannotated helpers (inferred summaries): silent ----

    [Fact]
    public Task AssertedOffListThroughAHelper_PoolListsDirectly_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(Page page)
            {
                Lists.CheckOffList(page);
                CallRcu(page.RcuHead, Free);
            }

            [NoMm]
        """) + Lists);

    [Fact]
    public Task HelperListsAndUnlists_IsSilent() => Verify("""
        class Pool
        {
            public void Cycle([RequiresMm] Mm mm, Page page) => Lists.ListThenUnlist(page, mm);

            public void Take(Page page) => ListDel(page.Lru);

            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists);

    [Fact]
    public Task HelperOnlyReadsTheMember_IsSilent() => Verify("""
        class Pool
        {
            public bool Probe(Page page) => Lists.IsListed(page);

            public void Take(Page page) => ListDel(page.Lru);

            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists);

    [Fact]
    public Task AssertedOffListThroughAHelper_IsSilent() => Verify("""
        class Pool
        {
            public void Park([RequiresMm] Mm mm, Page page) => Lists.ListPage(page, mm);

            public void Take(Page page) => Lists.UnlistPage(page);

            public void Defer(Page page)
            {
                Lists.CheckOffList(page);
                CallRcu(page.RcuHead, Free);
            }

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists);

    [Fact]
    public Task UnrelatedClassListsThroughHelpers_IsSilent() => Verify("""
        sealed class Lister
        {
            public void Park([RequiresMm] Mm mm, Page page) => Lists.ListPage(page, mm);

            public void Unpark(Page page) => Lists.UnlistPage(page);
        }

        sealed class Deferrer
        {
            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists);

    [Fact]
    public Task ListedThroughAHelper_NothingReleases_IsSilent() => Verify("""
        class Pool
        {
            public void Park([RequiresMm] Mm mm, Page page) => Lists.ListPage(page, mm);

            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists);

    [Fact]
    public Task ListedThroughAnInterface_IsUnknown_IsSilent() => Verify("""
        interface IListing
        {
            void List(Page page);
        }

        class Pool
        {
            public void Park(IListing listing, Page page) => listing.List(page);

            public void Take(Page page) => ListDel(page.Lru);

            public void Defer(Page page) => CallRcu(page.RcuHead, Free);

            [NoMm] static void Free(RcuHead head) { }
        }
        """ + Lists);

    [Fact]
    public Task ClassTypeParameterConstrainedToTheOverlayType_ReleasedFirst_IsSilent() => Verify(PlainFrag + """
        class Pool<TFrag> where TFrag : Frag
        {
            public void Put(TFrag f, ListHead h) => ListAdd(f.Node, h);
            public void Take(TFrag f) => ListDel(f.Node);
            public void Defer(TFrag f)
            {
                ListDel(f.Node);
                CallRcu(f.Rcu, Free);
            }

            [NoMm] static void Free(RcuHead h) { }
        }
        """);

    [Fact]
    public Task MethodTypeParameterConstrainedToTheOverlayType_ReleasedFirst_IsSilent() => Verify(PlainFrag + """
        class Pool
        {
            public void Put(Frag f, ListHead h) => ListAdd(f.Node, h);
            public void Take(Frag f) => ListDel(f.Node);
            public void Defer<T>(T f) where T : Frag
            {
                ListDel(f.Node);
                CallRcu(f.Rcu, Free);
            }

            [NoMm] static void Free(RcuHead h) { }
        }
        """);

    [Fact]
    public Task TypeParameterConstrainedToAnUnrelatedOverlayType_IsSilent() => Verify(PlainFrag + """
        class OtherFrag
        {
            [Overlay("u")] public ListHead Node { get; } = new ListHead();
            [Overlay("u")] public RcuHead Rcu { get; } = new RcuHead();
        }

        class Pool<TOther> where TOther : OtherFrag
        {
            public void Put(Frag f, ListHead h) => ListAdd(f.Node, h);
            public void Take(Frag f) => ListDel(f.Node);
            public void Defer(TOther o) => CallRcu(o.Rcu, Free);
            public void DeferOne<T>(T o) where T : OtherFrag => CallRcu(o.Rcu, Free);

            [NoMm] static void Free(RcuHead h) { }
        }
        """);

    [Fact]
    public Task ObjectParameterNotAPage_ReleasedFirst_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is not Page page)
                    return;
                ListDel(page.Lru);
                CallRcu(page.RcuHead, Free);
            }

            [NoMm]
        """));

    [Fact]
    public Task ObjectParameterNotAPage_BranchDoesNotExit_FreshPageQueuedThere_IsSilent() => Verify(Pool.Replace("    [NoMm]", """
            public void Defer(object item)
            {
                if (item is not Page page)
                {
                    var fresh = new Page();
                    CallRcu(fresh.RcuHead, Free);
                }
            }

            [NoMm]
        """));
}
