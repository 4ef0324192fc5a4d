using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;
using static PgtAnalyzers.Tests.Infrastructure.PgtAnalyzerTest;

namespace PgtAnalyzers.Tests.Contracts;

/// <summary>
/// Attributes follow overrides and interface implementations, implicit and explicit, restated or not
/// (annotations.md, Contract v2, point 1): a call through the derived member has the base's contract, an
/// override of a [RequiresMm] method may pass its inherited mm on, an [MmSource] interface property covers
/// its implementations, and an override of a [NoMm] method runs without an mm.
/// </summary>
public sealed class InheritanceTests
{
    private static Task Verify(string code) => VerifyAllAsync(Snippet.Usings + code);

    // ---- reports ----

    [Fact]
    public Task OverrideWithoutRestatedDeferredFree_CallThroughOverrideReports() => Verify("""
        abstract class Freer { public abstract void Free([DeferredFree] PteTable table); }
        sealed class RcuFreer : Freer { public override void Free(PteTable table) { } }

        class C
        {
            void F(RcuFreer freer, PteTable table)
            {
                freer.Free(table);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ImplicitInterfaceImplementation_InheritsWrites() => Verify("""
        interface IClearer { void Clear([Writes] ulong[] words); }
        sealed class Clearer : IClearer { public void Clear(ulong[] words) { } }

        class C
        {
            void F([RequiresMm] Mm mm, Clearer clearer, PteTable table)
            {
                PteFreeDefer(mm, table);
                clearer.Clear({|PGT001:table.Words|});
            }
        }
        """);

    [Fact]
    public Task ExplicitInterfaceImplementation_InheritsDeferredFreeInsideItsBody() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Freer : IFreer
        {
            void IFreer.Free(PteTable table)
            {
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task OverrideOfNoMmMethod_IsANoMmContext() => Verify("""
        abstract class Callback { [NoMm] public abstract void Run(RcuHead head); }
        sealed class FreeTable : Callback
        {
            public override void Run(RcuHead head)
            {
                var page = Page.FromRcuHead(head);
                PageTableFree({|PGT003:page.PtMm|}, page.Table);
            }
        }
        """);

    [Fact]
    public Task OverrideOfClaimingMethod_ClaimsAtItsCallSites() => Verify("""
        class Lister { public virtual void Add([Claims] ListHead entry, ListHead head) { } }
        sealed class PgtableLister : Lister { public override void Add(ListHead entry, ListHead head) { } }

        class C
        {
            void F(PgtableLister lister, Page page)
            {
                lister.Add(page.Lru, new ListHead());
                CallRcu({|PGT002:page.RcuHead|}, h => { });
            }
        }
        """);

    [Fact]
    public Task OverrideOfOverride_KeepsTheRootsRequiresMm() => Verify("""
        class A { public virtual void Lock([RequiresMm] Mm mm) { } }
        class B : A { public override void Lock(Mm mm) { } }
        sealed class D : B { public override void Lock(Mm mm) { } }

        class C
        {
            void F(D d) => d.Lock({|PGT003:null|});
        }
        """);

    [Fact]
    public Task ImplicitInterfaceImplementation_CallThroughTheClassDefers() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Freer : IFreer { public void Free(PteTable table) { } }

        class C
        {
            void F(Freer freer, PteTable table)
            {
                freer.Free(table);
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ImplicitInterfaceImplementation_InheritsDeferredFreeInsideItsBody() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Freer : IFreer
        {
            public void Free(PteTable table)
            {
                {|PGT001:table[0]|} = PteNone;
            }
        }
        """);

    [Fact]
    public Task ImplicitInterfaceImplementation_InheritsRequiresMm() => Verify("""
        interface ILocker { void Lock([RequiresMm] Mm mm); }
        sealed class Locker : ILocker { public void Lock(Mm mm) { } }

        class C
        {
            void F(Locker locker) => locker.Lock({|PGT003:null|});
        }
        """);

    [Fact]
    public Task ExplicitImplementationOfNoMmMethod_IsANoMmContext() => Verify("""
        interface ICallback { [NoMm] void Run(RcuHead head); }
        sealed class FreeTable : ICallback
        {
            void ICallback.Run(RcuHead head)
            {
                var page = Page.FromRcuHead(head);
                PageTableFree({|PGT003:page.PtMm|}, page.Table);
            }
        }
        """);

    [Fact]
    public Task ExplicitImplementation_InheritsClaimsInsideItsBody() => Verify("""
        interface IQueue { void Queue([Claims] RcuHead head, Page page); }
        sealed class Queue : IQueue
        {
            void IQueue.Queue(RcuHead head, Page page)
            {
                ListAdd(page.Lru, new ListHead());
                CallRcu({|PGT002:page.RcuHead|}, h => { });
            }
        }
        """);

    [Fact]
    public Task PropertyOfTheSameNameNotImplementingTheInterface_IsNoMmSource() => Verify("""
        interface IHasMm { [MmSource] Mm Mm { get; } }
        sealed class Lookalike { public Mm Mm { get; } = new Mm(); }

        class C
        {
            void F(Lookalike lookalike) => SpinLock({|PGT003:lookalike.Mm|});
        }
        """);

    [Fact]
    public Task OtherPropertyOfAnMmSourceImplementation_IsNoMmSource() => Verify("""
        interface IHasMm { [MmSource] Mm Mm { get; } }
        sealed class Owner : IHasMm
        {
            public Mm Mm { get; } = new Mm();
            public Mm Spare { get; } = new Mm();
        }

        class C
        {
            void F(Owner owner) => SpinLock({|PGT003:owner.Spare|});
        }
        """);

    [Fact]
    public Task OverrideOfWritesMethod_WritesAtItsCallSites() => Verify("""
        class Clearer { public virtual void Clear([Writes] ulong[] words) { } }
        sealed class FastClearer : Clearer { public override void Clear(ulong[] words) { } }

        class C
        {
            void F([RequiresMm] Mm mm, FastClearer clearer, PteTable table)
            {
                PteFreeDefer(mm, table);
                clearer.Clear({|PGT001:table.Words|});
            }
        }
        """);

    [Fact]
    public Task ExplicitImplementationOfAnUnannotatedTwin_DoesNotInherit() => Verify("""
        interface ILocker { void Lock([RequiresMm] Mm mm); }
        interface IPlain { void Lock(Mm mm); }
        sealed class Both : ILocker, IPlain
        {
            void ILocker.Lock(Mm mm) => SpinLock(mm);
            void IPlain.Lock(Mm mm) => SpinLock({|PGT003:mm|});
        }
        """);

    // ---- silent ----

    [Fact]
    public Task OverrideOfRequiresMmMethod_MayPassItsInheritedMmOn() => Verify("""
        abstract class Locker { public abstract void Lock([RequiresMm] Mm mm); }
        sealed class SpinLocker : Locker
        {
            public override void Lock(Mm mm) => SpinLock(mm);
        }
        """);

    [Fact]
    public Task ExplicitImplementationOfRequiresMm_MayPassItsMmOn() => Verify("""
        interface ILocker { void Lock([RequiresMm] Mm mm); }
        sealed class Locker : ILocker
        {
            void ILocker.Lock(Mm mm) => SpinLock(mm);
        }
        """);

    [Fact]
    public Task MmSourceOnInterfaceProperty_CoversItsImplementations() => Verify("""
        interface IHasMm { [MmSource] Mm Mm { get; } }
        sealed class Owner : IHasMm { public Mm Mm { get; } = new Mm(); }
        sealed class ExplicitOwner : IHasMm { Mm IHasMm.Mm { get; } = new Mm(); }

        class C
        {
            void F(Owner owner, IHasMm any)
            {
                SpinLock(owner.Mm);
                SpinLock(any.Mm);
            }
        }
        """);

    [Fact]
    public Task UnannotatedBaseAndOverride_StaySilent() => Verify("""
        class Freer { public virtual void Free(PteTable table) { } }
        sealed class Other : Freer { public override void Free(PteTable table) { } }

        class C
        {
            void F(Other other, PteTable table)
            {
                other.Free(table);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task SameNameMethodNotImplementingTheInterface_StaysSilent() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Unrelated { public void Free(PteTable table) { } }

        class C
        {
            void F(Unrelated unrelated, PteTable table)
            {
                unrelated.Free(table);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task OverrideUsingItsInheritedMmTwice_StaysSilent() => Verify("""
        abstract class Work { public abstract void Run([RequiresMm] Mm mm); }
        sealed class Locking : Work
        {
            public override void Run(Mm mm) { SpinLock(mm); SpinUnlock(mm); }
        }

        sealed class NotAnOverride
        {
            public void Run([RequiresMm] Mm mm) => SpinLock(mm);
        }
        """);

    [Fact]
    public Task ImplicitImplementationOfRequiresMm_MayPassItsMmOn() => Verify("""
        interface ILocker { void Lock([RequiresMm] Mm mm); }
        sealed class Locker : ILocker
        {
            public void Lock(Mm mm) => SpinLock(mm);
        }
        """);

    [Fact]
    public Task ImplicitImplementation_WriteBeforeTheDeferral_StaysSilent() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Freer : IFreer { public void Free(PteTable table) { } }

        class C
        {
            void F(Freer freer, PteTable table)
            {
                table[0] = PteNone;
                freer.Free(table);
            }
        }
        """);

    [Fact]
    public Task PublicOverloadBesideAnExplicitImplementation_StaysSilent() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Freer : IFreer
        {
            void IFreer.Free(PteTable table) { }
            public void Free(PteTable table, bool now) { }
        }

        class C
        {
            void F(Freer freer, PteTable table)
            {
                freer.Free(table, now: true);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task MmSourceOfADerivedClassOfAnImplementation_StaysSilent() => Verify("""
        interface IHasMm { [MmSource] Mm Mm { get; } }
        class Owner : IHasMm { public Mm Mm { get; } = new Mm(); }
        sealed class Derived : Owner { }

        class C
        {
            void F(Derived derived) => SpinLock(derived.Mm);
        }
        """);

    [Fact]
    public Task MmSourceThroughAGenericConstraint_StaysSilent() => Verify("""
        interface IHasMm { [MmSource] Mm Mm { get; } }

        class C
        {
            void F<T>(T owner) where T : IHasMm => SpinLock(owner.Mm);
        }
        """);

    [Fact]
    public Task HidingMethod_DoesNotInherit_StaysSilent() => Verify("""
        class Freer { public virtual void Free([DeferredFree] PteTable table) { } }
        sealed class Hider : Freer { public new void Free(PteTable table) { } }

        class C
        {
            void F(Hider hider, PteTable table)
            {
                hider.Free(table);
                table[0] = PteNone;
            }
        }
        """);

    [Fact]
    public Task ExplicitImplementation_ReadsItsDeferredTable_StaysSilent() => Verify("""
        interface IFreer { void Free([DeferredFree] PteTable table); }
        sealed class Freer : IFreer
        {
            private ulong _last;

            void IFreer.Free(PteTable table) => _last = table[0];
        }
        """);
}
