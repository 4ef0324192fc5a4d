using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Core;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Pgt.Emulator.Walkers;
using Xunit;
using Xunit.Abstractions;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// Differential check of the reductions against schedules explored without reduction: on small programs
/// whose verdicts depend on the order of lifetime events, exhaustive DPOR and exhaustive DFS with sleep sets
/// report the same set of finding kinds, and every kind the reference finds. The reference is exhaustive
/// plain DFS (every schedule, no reduction) where it finishes within a few thousand executions, else many
/// random and PCT runs (plain DFS runs past 200,000 executions on the others); DPOR's executions are real
/// schedules, so it reports no kind that cannot happen, and with exhaustive plain DFS the sets are equal.
/// A primitive that declares less than its verdict reads makes a reduction prune the schedule that shows
/// a kind, and the sets differ.
/// </summary>
public class DporDifferentialTests
{
    private readonly ITestOutputHelper _output;

    public DporDifferentialTests(ITestOutputHelper output) => this._output = output;

    /// <summary>Each program, the kind the reference must find in it (null: clean), and whether plain DFS finishes it.</summary>
    public static TheoryData<string, string?, bool> Cases => new()
    {
        { "a-bit-after-detach", FindingKinds.ReuseBeforeGracePeriod, false },
        { "a-bit-in-own-section", null, false },
        { "realloc-after-detach", FindingKinds.ReuseBeforeGracePeriod, false },
        { "immediate-free-vs-gup-fast", FindingKinds.UseAfterFree, false },
        { "store-after-deferred-free", FindingKinds.WriteAfterDeferredFree, true },
        { "concurrent-call-rcu", FindingKinds.DoubleCallRcu, false },
        { "call-rcu-on-listed-page", FindingKinds.ListCorruption, false },
        { "callback-takes-lock-with-bh", FindingKinds.LockContextMismatch, true },
        { "callback-locks-torn-down-mm", FindingKinds.MmAfterFree, false },
        { "mm-words-vs-mmdrop", FindingKinds.MmAfterFree, true },
        { "mm-locks-of-one-mm", null, true },
        { "a-bit-vs-readers-in-and-out-of-the-snapshot", FindingKinds.ReuseBeforeGracePeriod, true },
        { "store-vs-readers-in-and-out-of-the-snapshot", FindingKinds.WriteAfterDeferredFree, true },
        { "store-after-readers-left", null, false },
        { "store-vs-a-section-that-reached-no-table", null, true },
        { "store-vs-a-reader-that-reaches-in-its-second-section", FindingKinds.WriteAfterDeferredFree, true },
        { "store-after-a-second-detach", FindingKinds.WriteAfterDeferredFree, true },
        { "collapse-drops-ptl-vs-uffd-copy", FindingKinds.BadRssCounter, false },
        { "collapse-holds-ptl-vs-uffd-copy", null, false },
        { "reader-section-after-gp-start", FindingKinds.UseAfterFree, false },
        { "reader-section-after-synchronize-rcu", FindingKinds.UseAfterFree, false },
        { "reader-whole-walk-in-section", null, false },
        { "bh-reader-on-the-softirq-cpu", FindingKinds.UseAfterFree, false },
        { "rwsem-readers-and-a-writer-deadlock", StandardFindings.DeadlockKind, true },
        { "rwsem-readers-around-a-writers-free", FindingKinds.UseAfterFree, false },
        { "section-reopened-around-a-deferred-store", FindingKinds.WriteAfterDeferredFree, true },
        { "section-ended-by-a-lock-vs-a-deferred-store", FindingKinds.WriteAfterDeferredFree, true },
        { "irq-off-inside-a-section-vs-the-ipi", FindingKinds.UseAfterFree, false },
        { "ready-callback-vs-a-second-grace-period", FindingKinds.UseAfterFree, false },
        { "deferred-free-and-a-synchronize-rcu", null, false },
        { "sections-end-around-every-snapshot", null, false },
        { "table-read-after-the-section-ended", FindingKinds.UseAfterFree, false },
        { "p-bit-stores-then-an-a-bit-vs-readers", FindingKinds.ReuseBeforeGracePeriod, true },
        { "reader-begins-around-the-call-rcu", null, false },
        { "reader-sleeps-on-the-synchronize-rcu-caller", StandardFindings.DeadlockKind, true },
        { "reader-sleeps-on-an-rcu-barrier-caller", StandardFindings.DeadlockKind, false },
        { "callbacks-of-two-cpus-free-and-store", FindingKinds.UseAfterFree, false },
        { "rcu-barrier-vs-a-call-rcu-on-another-cpu", FindingKinds.UseAfterFree, false },
        { "rcu-barrier-after-callbacks-of-two-cpus", null, false },
        { "deferred-free-while-a-grace-period-runs", FindingKinds.UseAfterFree, false },
        { "table-read-in-a-later-section", FindingKinds.UseAfterFree, false },
        { "reader-reenters-while-the-grace-period-waits", null, false },
    };

    private static void Nothing(RcuHead head)
    {
    }

    internal static Action<Machine> Program(string name) => name switch
    {
        "a-bit-after-detach" => LifetimeOrderTests.ABitSetAgainAfterTheDetach,
        "a-bit-in-own-section" => m =>
        {
            // The allocator's own section does not make it a reader of the table it hands out.
            var (mm, table, _) = Programs.MappedPage(m);
            m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            m.Spawn("khugepaged", () =>
            {
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
                GenericPageTables.Retract(m, mm, Programs.Address);
            });
            m.Spawn("allocator", () =>
            {
                m.RcuReadLock();
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
                m.RcuReadUnlock();
            });
        },
        "realloc-after-detach" => m =>
        {
            // v6.4 lockless retract, the table freed at once, its page allocated again by a sibling.
            var (mm, _, _) = Programs.MappedPage(m);
            Programs.RcuPmdSnapshotReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                GenericPageTables.PteFree(m, mm, table);
            });
            m.Spawn("allocator", () =>
            {
                using var frame = m.Enter("page_table_alloc");
                m.AllocPage();
            });
        },
        "immediate-free-vs-gup-fast" => m =>
        {
            var (mm, _, _) = Programs.MappedPage(m);
            Programs.GupFastReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                GenericPageTables.PteFree(m, mm, table);
            });
        },
        "store-after-deferred-free" => m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            Programs.PmdSnapshotReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "concurrent-call-rcu" => m =>
        {
            // A second free of a page races with the first one's grace period: a double call_rcu unless
            // the first callback ran before it.
            var page = m.AllocPage();
            m.CallRcu(page.RcuHead, Nothing);
            m.Spawn("second", () => m.CallRcu(page.RcuHead, Nothing));
        },
        "call-rcu-on-listed-page" => m =>
        {
            // v1's overlay: call_rcu over lru while another strand still walks pgtable_list.
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            var other = m.AllocPage();
            m.ListAdd(other.Lru, mm.Context.PgtableList);
            m.ListAdd(page.Lru, mm.Context.PgtableList);
            m.Spawn("free", () => m.CallRcu(page.RcuHead, Nothing));
            m.Spawn("alloc", () => m.ListDel(other.Lru));
        },
        "callback-takes-lock-with-bh" => m =>
        {
            var mm = m.MmAlloc();
            m.CallRcu(m.AllocPage().RcuHead, head =>
            {
                head.Machine.SpinLockBh(mm.Context.Lock);
                head.Machine.SpinUnlockBh(mm.Context.Lock);
            });
            m.SpinLock(mm.Context.Lock);
            m.SpinUnlock(mm.Context.Lock);
        },
        "callback-locks-torn-down-mm" => m =>
        {
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            m.Store(page.PtMm, mm.Address);
            m.CallRcu(page.RcuHead, head =>
            {
                var hm = head.Machine;
                var owner = new Mm(hm, hm.Load(Page.FromRcuHead(head).PtMm));
                hm.SpinLockBh(owner.Context.Lock);
                hm.SpinUnlockBh(owner.Context.Lock);
            });
            m.Spawn("exit", () => m.Mmdrop(mm));
        },
        "mm-words-vs-mmdrop" => m =>
        {
            // Different words of one mm are different resources; its lifetime is not: a read of a word the
            // final mmdrop never touches must still race with the free of the mm page.
            var mm = m.MmAlloc();
            m.Spawn("reader", () => m.Load(mm.Vmas));
            m.Spawn("exit", () => m.Mmdrop(mm));
        },
        "mm-locks-of-one-mm" => m =>
        {
            // Two locks of one mm, one strand each: they share the mm's page but no word.
            var mm = m.MmAlloc();
            m.Spawn("context", () =>
            {
                m.SpinLock(mm.Context.Lock);
                m.SpinUnlock(mm.Context.Lock);
            });
            m.MmapWriteLock(mm);
            m.MmapWriteUnlock(mm);
        },
        "rwsem-readers-and-a-writer-deadlock" => m =>
        {
            // Reduction 4: readers' steps on one rwsem commute, a writer's do not. The reader takes
            // mmap_lock for read, then i_mmap for write; the writer takes them the other way round: an ABBA
            // deadlock only when the reader's down_read comes before the writer's down_write. A second
            // reader of mmap_lock can go before or after either.
            var mm = m.MmAlloc();
            m.Spawn("reader", () =>
            {
                m.MmapReadLock(mm);
                m.IMmapLockWrite(mm);
                m.IMmapUnlockWrite(mm);
                m.MmapReadUnlock(mm);
            });
            m.Spawn("second-reader", () =>
            {
                m.MmapReadLock(mm);
                m.MmapReadUnlock(mm);
            });
            m.IMmapLockWrite(mm);
            m.MmapWriteLock(mm);
            m.MmapWriteUnlock(mm);
            m.IMmapUnlockWrite(mm);
        },
        "rwsem-readers-around-a-writers-free" => m =>
        {
            // A reader reads the pmd under mmap_lock and the table after dropping it; the writer frees the
            // table under mmap_lock for write, which must wait for both readers' up_read.
            var (mm, _, _) = Programs.MappedPage(m);
            m.Spawn("reader", () =>
            {
                m.MmapReadLock(mm);
                var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
                m.MmapReadUnlock(mm);
                if (!PageTableBits.PmdNone(pmd))
                {
                    m.Load(m.PmdPgtable(pmd).Entry(0));
                }
            });
            m.Spawn("second-reader", () =>
            {
                m.MmapReadLock(mm);
                m.MmapReadUnlock(mm);
            });
            m.Spawn("khugepaged", () =>
            {
                m.MmapWriteLock(mm);
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                GenericPageTables.PteFree(m, mm, table);
                m.MmapWriteUnlock(mm);
            });
        },
        "a-bit-vs-readers-in-and-out-of-the-snapshot" => m =>
        {
            // Reduction 2: the A-bit store in the grace period reads only the sections of the detach
            // snapshot's strands. The reader is in the snapshot in some orders and not in others.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionOnly(m, "reader", walking: m.PmdOffset(mm, Programs.Address));
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            });
        },
        "store-vs-readers-in-and-out-of-the-snapshot" => m =>
        {
            var (mm, table, _) = Programs.MappedPage(m);
            SectionOnly(m, "reader", walking: m.PmdOffset(mm, Programs.Address));
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "store-vs-a-section-that-reached-no-table" => m =>
        {
            // Clean: a section that never read the pmd cannot hold the table (rcu_core running callbacks,
            // a walker of another range), so it does not cover the detached table's stores.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionOnly(m, "reader");
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "store-vs-a-reader-that-reaches-in-its-second-section" => m =>
        {
            // A detach reads only the sections that reached the table (reduction 13): the reader's first
            // section, which read no pmd, commutes with it; its second one, which did, must not.
            var (mm, table, _) = Programs.MappedPage(m);
            var pmdp = m.PmdOffset(mm, Programs.Address);
            m.Spawn("reader", () =>
            {
                m.RcuReadLock();
                m.RcuReadUnlock();
                m.RcuReadLock();
                m.PmdpGetLockless(pmdp);
                m.RcuReadUnlock();
            });
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(pmdp);
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "store-after-readers-left" => m =>
        {
            // Clean: synchronize_rcu waits for every section open at the detach; later ones do not count.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionOnly(m, "reader", walking: m.PmdOffset(mm, Programs.Address));
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.SynchronizeRcu();
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "store-after-a-second-detach" => m =>
        {
            // An aborted collapse puts the table back; the second detach takes a new snapshot, which the
            // store's declaration must follow.
            var (mm, table, _) = Programs.MappedPage(m);
            var pmdp = m.PmdOffset(mm, Programs.Address);
            SectionOnly(m, "reader", walking: m.PmdOffset(mm, Programs.Address));
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(pmdp);
                m.PmdPopulate(mm, pmdp, table);
                m.PmdClear(pmdp);
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "reader-section-after-gp-start" => m =>
        {
            // Reduction 3: section boundaries no longer touch the RCU state; the grace period's start reads
            // every strand's section. A reader that looked at the pmd before its section is safe only if the
            // section began before the grace period did.
            var (mm, _, _) = Programs.MappedPage(m);
            StaleReader(m, mm, cpu: null);
            m.Spawn("khugepaged", () => GenericPageTables.PteFreeDefer(m, mm, GenericPageTables.Retract(m, mm, Programs.Address)));
        },
        "reader-section-after-synchronize-rcu" => m =>
        {
            // synchronize_rcu's snapshot reads every section, its return the snapshot's.
            var (mm, _, _) = Programs.MappedPage(m);
            StaleReader(m, mm, cpu: null);
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                m.SynchronizeRcu();
                GenericPageTables.PteFree(m, mm, table);
            });
        },
        "reader-whole-walk-in-section" => m =>
        {
            // Clean: the grace period waits for a section open at its start, and one opened later finds no table.
            var (mm, _, _) = Programs.MappedPage(m);
            SectionWalker(m, mm);
            m.Spawn("khugepaged", () => GenericPageTables.PteFreeDefer(m, mm, GenericPageTables.Retract(m, mm, Programs.Address)));
        },
        "bh-reader-on-the-softirq-cpu" => m =>
        {
            // The CPU hand-off: a reader sharing CPU 1 with the freeing strand, and so with the RCU softirq
            // that runs the callback there; its bh-off section keeps that softirq off the CPU.
            var (mm, _, _) = Programs.MappedPage(m);
            StaleReader(m, mm, cpu: 1);
            m.Spawn("khugepaged", () => GenericPageTables.PteFreeDefer(m, mm, GenericPageTables.Retract(m, mm, Programs.Address)), 1);
        },
        "section-reopened-around-a-deferred-store" => m =>
        {
            // Reduction 5: the store in the grace period asks only whether the detach snapshot's section
            // ended, so the reader's second section (a beginning) is independent of it, its ends are not.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionOnly(m, "reader", times: 2, walking: m.PmdOffset(mm, Programs.Address));
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "section-ended-by-a-lock-vs-a-deferred-store" => m =>
        {
            // A spinlock's preempt-off section is a reader section too: taking the lock begins it, and the
            // unlock ends it; a nested rcu_read_lock inside changes no section.
            var (mm, table, _) = Programs.MappedPage(m);
            var pmdp = m.PmdOffset(mm, Programs.Address);
            m.Spawn("reader", () =>
            {
                m.SpinLock(mm.Context.Lock);
                m.PmdpGetLockless(pmdp);
                m.RcuReadLock();
                m.RcuReadUnlock();
                m.SpinUnlock(mm.Context.Lock);
            });
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.Store(table.Entry(0), 0x1234);
            });
        },
        "irq-off-inside-a-section-vs-the-ipi" => m =>
        {
            // tlb_remove_table_sync_one waits only for irq-off sections, and the reader's begins and ends
            // inside its rcu_read_lock section (the strand stays a reader): those changes must still be seen
            // by the IPI's snapshot and its wait. The reader read the pmd before irqs went off, so the IPI
            // protects its load only if its snapshot came after local_irq_disable: use-after-free otherwise
            // (the rcu section does not stop an immediate free).
            var (mm, _, _) = Programs.MappedPage(m);
            m.Spawn("reader", () =>
            {
                m.RcuReadLock();
                var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
                m.LocalIrqDisable();
                if (!PageTableBits.PmdNone(pmd))
                {
                    m.Load(m.PmdPgtable(pmd).Entry(0));
                }

                m.LocalIrqEnable();
                m.RcuReadUnlock();
            });
            m.Spawn("khugepaged", () =>
            {
                var table = GenericPageTables.Retract(m, mm, Programs.Address);
                m.TlbRemoveTableSyncOne();
                GenericPageTables.PteFree(m, mm, table);
            });
        },
        "ready-callback-vs-a-second-grace-period" => m =>
        {
            // Reduction 6: a callback whose grace period completed no longer depends on later grace periods
            // (the synchronize_rcu after call_rcu asks for one, which may start before or after the callback
            // runs). The stale reader's section protects its load only if it began before the grace period
            // the callback waits for did.
            var (mm, table, _) = Programs.MappedPage(m);
            StaleReader(m, mm, cpu: null);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
                m.SynchronizeRcu();
            });
        },
        "deferred-free-and-a-synchronize-rcu" => m =>
        {
            // Clean: the callback's grace period and the one synchronize_rcu asks for after it, in every order
            // with the callback; the reader walks inside its section.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionWalker(m, mm);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
                m.SynchronizeRcu();
            });
        },
        "sections-end-around-every-snapshot" => m =>
        {
            // Reduction 7: call_rcu's, the grace period's and synchronize_rcu's records of open sections commute
            // with a section's end. Clean: the reader walks in each of its two sections, and every wait on a
            // record waits until its sections ended, in whichever order the ends and the records come.
            var (mm, table, _) = Programs.MappedPage(m);
            m.Spawn("reader", () =>
            {
                for (var i = 0; i < 2; i++)
                {
                    m.RcuReadLock();
                    var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
                    if (!PageTableBits.PmdNone(pmd))
                    {
                        m.Load(m.PmdPgtable(pmd).Entry(0));
                    }

                    m.RcuReadUnlock();
                }
            });
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
                m.SynchronizeRcu();
            });
        },
        "table-read-after-the-section-ended" => m =>
        {
            // Reduction 7: the reader ends its section before it reads the table it found in it, so the grace
            // period may start after that end and the callback free the table before the read.
            var (mm, table, _) = Programs.MappedPage(m);
            m.Spawn("reader", () =>
            {
                m.RcuReadLock();
                var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
                m.RcuReadUnlock();
                if (!PageTableBits.PmdNone(pmd))
                {
                    m.Load(m.PmdPgtable(pmd).Entry(0));
                }
            });
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
            });
        },
        "p-bit-stores-then-an-a-bit-vs-readers" => m =>
        {
            // Reduction 8: a _refcount store in the grace period reads the detach snapshot's sections only when
            // it raises an A bit. The P bit's stores before it declare none; the A bit's still conflicts with
            // the reader's end, whether the reader is in the snapshot or not.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionOnly(m, "reader", walking: m.PmdOffset(mm, Programs.Address));
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                m.AtomicXorBits(table.Page.Refcount, 0x10u << 24);
                m.AtomicXorBits(table.Page.Refcount, 0x10u << 24);
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            });
        },
        "reader-begins-around-the-call-rcu" => m =>
        {
            // The grace period waits for the sections open at its last request (the call_rcu), not at its own
            // start: clean, because a section that begins after the call finds the pmd cleared before it.
            var (mm, _, _) = Programs.MappedPage(m);
            SectionWalker(m, mm);
            m.Spawn("khugepaged", () => GenericPageTables.PteFreeDefer(m, mm, GenericPageTables.Retract(m, mm, Programs.Address)));
        },
        "reader-sleeps-on-the-synchronize-rcu-caller" => m =>
        {
            // A reader that waits inside its section for an rwsem whose writer is in synchronize_rcu: a deadlock
            // whenever the section began before the call (the grace period then waits for it).
            var mm = m.MmAlloc();
            ReaderSleepingInItsSection(m, mm);
            m.MmapWriteLock(mm);
            m.SynchronizeRcu();
            m.MmapWriteUnlock(mm);
        },
        "reader-sleeps-on-an-rcu-barrier-caller" => m =>
        {
            // As above through call_rcu's record: the writer waits in rcu_barrier for a callback whose grace
            // period waits for a section begun before the call_rcu, in which the reader waits for the writer.
            var mm = m.MmAlloc();
            var page = m.AllocPage();
            ReaderSleepingInItsSection(m, mm);
            m.MmapWriteLock(mm);
            m.CallRcu(page.RcuHead, Nothing);
            m.RcuBarrier();
            m.MmapWriteUnlock(mm);
        },
        "callbacks-of-two-cpus-free-and-store" => m =>
        {
            // Each CPU's callback queue is that CPU's own: the two softirqs take their callbacks independently,
            // and the callbacks' own steps still order them. One frees the page the other stores into.
            var data = m.AllocPage();
            var (first, second) = (m.AllocPage(), m.AllocPage());
            m.Spawn("freer", () => m.CallRcu(first.RcuHead, head => head.Machine.FreePage(data)));
            m.Spawn("writer", () => m.CallRcu(second.RcuHead, head => head.Machine.Store(data.PhysAddr, 1)));
        },
        "rcu-barrier-vs-a-call-rcu-on-another-cpu" => m =>
        {
            // rcu_barrier waits for the callbacks of every CPU's queue, but not for one queued after it returns:
            // the page its caller frees may still be stored into by that late callback.
            var data = m.AllocPage();
            var late = m.AllocPage();
            m.Spawn("late", () => m.CallRcu(late.RcuHead, head => head.Machine.Store(data.PhysAddr, 1)));
            m.Spawn("teardown", () =>
            {
                m.RcuBarrier();
                m.FreePage(data);
            });
        },
        "rcu-barrier-after-callbacks-of-two-cpus" => m =>
        {
            // Clean: both callbacks are queued, on two CPUs, before rcu_barrier is called, so it returns only
            // after both ran, whichever softirq runs first.
            var data = m.AllocPage();
            var (first, second) = (m.AllocPage(), m.AllocPage());
            m.CallRcu(first.RcuHead, head => head.Machine.Store(data.PhysAddr, 1));
            m.Spawn("second", () =>
            {
                m.CallRcu(second.RcuHead, head => head.Machine.Store(data.PhysAddr, 2));
                m.Spawn("teardown", () =>
                {
                    m.RcuBarrier();
                    m.FreePage(data);
                });
            });
        },
        "deferred-free-while-a-grace-period-runs" => m =>
        {
            // Reduction 11: a callback's readiness reads only the grace periods completed, not gp_start. The
            // table is freed by call_rcu while another callback's grace period may be running (it then needs
            // the next one); the stale reader's load is protected only by a section begun before it.
            var (mm, table, _) = Programs.MappedPage(m);
            m.CallRcu(m.AllocPage().RcuHead, Nothing);
            StaleReader(m, mm, cpu: null);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
            });
        },
        "table-read-in-a-later-section" => m =>
        {
            // Reduction 12: gp_end waits only on the strands whose recorded section was still open at gp_start.
            // The reader finds the table in one section and reads it in the next, which protects nothing: the
            // grace period may have started after the first ended, and the callback free the table before the read.
            var (mm, table, _) = Programs.MappedPage(m);
            m.Spawn("reader", () =>
            {
                m.RcuReadLock();
                var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
                m.RcuReadUnlock();
                m.RcuReadLock();
                if (!PageTableBits.PmdNone(pmd))
                {
                    m.Load(m.PmdPgtable(pmd).Entry(0));
                }

                m.RcuReadUnlock();
            });
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
            });
        },
        "reader-reenters-while-the-grace-period-waits" => m =>
        {
            // Clean: the walker reads the table inside one section; a second strand enters and leaves sections
            // while the grace period waits, whether or not its first section was recorded and ended by gp_start.
            var (mm, table, _) = Programs.MappedPage(m);
            SectionWalker(m, mm);
            SectionOnly(m, "reentering", times: 2);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Programs.Address));
                GenericPageTables.PteFreeDefer(m, mm, table);
            });
        },
        "collapse-drops-ptl-vs-uffd-copy" => CollapseVsCopy(dropPtl: true),
        "collapse-holds-ptl-vs-uffd-copy" => CollapseVsCopy(dropPtl: false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>
    /// Catalogue #21 on the emulator's own primitives (hypothetical, no driver): a collapse clears the huge
    /// page's pte under the ptl, counts it out, and detaches the table under the ptl again; a copy installs
    /// an anonymous pte under the ptl and counts it in; the last user zaps what is still mapped and drops
    /// the mm (check_mm). With <paramref name="dropPtl"/> the copy can get in between the collapse's two
    /// critical sections and its pte is lost with the table: bad-rss-counter. Every verdict here reads an
    /// rss counter, a pte, page->mapping or mm_users, so it guards their declarations.
    /// </summary>
    private static Action<Machine> CollapseVsCopy(bool dropPtl) => m =>
    {
        var (mm, _, _) = Programs.MappedPage(m);
        var copied = m.AllocPage();
        var pmdp = m.PmdOffset(mm, Programs.Address);
        m.AddMmCounter(mm, MmCounter.FilePages, 1);
        m.Mmget(mm);
        m.Spawn("collapse", () =>
        {
            var ptep = m.PteOffsetMapLock(mm, pmdp, Programs.Address, out var ptl);
            var run = m.PtepGetRun(ptep, 2);
            // collapse_pte_mapped_thp's hpage + i check: anything else mapped aborts.
            var aborted = !PageTableBits.PteNone(run[1]);
            if (!aborted)
            {
                m.PteClear(ptep);
                if (dropPtl)
                {
                    m.PteUnmapUnlock(ptep, ptl);
                    m.AddMmCounter(mm, MmCounter.FilePages, -1);
                    m.SpinLock(ptl);
                }

                m.PmdClear(pmdp);
                if (!dropPtl)
                {
                    m.AddMmCounter(mm, MmCounter.FilePages, -1);
                }
            }

            m.SpinUnlock(ptl);
            if (aborted || !dropPtl)
            {
                m.PteUnmap(ptep);
            }

            LastUserExits(m, mm, pmdp);
        });
        m.Spawn("uffdio_copy", () =>
        {
            var ptep = m.PteOffsetMapLock(mm, pmdp, Programs.Address + PhysicalLayout.PageSize, out var ptl);
            if (ptep != 0)
            {
                if (PageTableBits.PteNone(m.PtepGet(ptep)))
                {
                    m.FolioAddNewAnonRmap(copied);
                    m.AddMmCounter(mm, MmCounter.AnonPages, 1);
                    m.SetPte(ptep, PageTableBits.MkPte(copied));
                }

                m.PteUnmapUnlock(ptep, ptl);
            }

            LastUserExits(m, mm, pmdp);
        });
    };

    /// <summary>mmput by one of two users: the last zaps the two ptes still mapped (counting each out by mm_counter) and tears the mm down.</summary>
    private static void LastUserExits(Machine m, Mm mm, ulong pmdp)
    {
        if (!m.MmUsersDecAndTest(mm))
        {
            return;
        }

        var ptep = m.PteOffsetMapLock(mm, pmdp, Programs.Address, out var ptl);
        if (ptep != 0)
        {
            var run = m.PtepGetRun(ptep, 2);
            for (var i = 0; i < run.Length; i++)
            {
                if (PageTableBits.PtePresent(run[i]))
                {
                    var pte = ptep + (ulong)i * PhysicalLayout.WordSize;
                    m.PteClear(pte);
                    m.AddMmCounter(mm, m.MmCounterOf(new Page(m, PageTableBits.PtePfn(run[i]))), -1);
                }
            }

            m.PteUnmapUnlock(ptep, ptl);
        }

        m.Mmdrop(mm);
    }

    /// <summary>
    /// A reader that reads the pmd outside any section, then enters a bh-off section (on <paramref name="cpu"/>)
    /// and reads the table it saw: the section protects it only if it began before the grace period.
    /// </summary>
    private static void StaleReader(Machine m, Mm mm, int? cpu) =>
        m.Spawn("reader", () =>
        {
            var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
            m.LocalBhDisable();
            if (!PageTableBits.PmdNone(pmd))
            {
                m.Load(m.PmdPgtable(pmd).Entry(0));
            }

            m.LocalBhEnable();
        }, cpu);

    /// <summary>A reader that reads the pmd and the table it points to inside one rcu_read_lock section.</summary>
    private static void SectionWalker(Machine m, Mm mm) =>
        m.Spawn("reader", () =>
        {
            m.RcuReadLock();
            var pmd = m.PmdpGetLockless(m.PmdOffset(mm, Programs.Address));
            if (!PageTableBits.PmdNone(pmd))
            {
                m.Load(m.PmdPgtable(pmd).Entry(0));
            }

            m.RcuReadUnlock();
        });

    /// <summary>A strand that enters and leaves an RCU read-side section <paramref name="times"/> times, touching nothing in it.</summary>
    /// <summary>
    /// A strand that enters and leaves reader sections; with <paramref name="walking"/> (a pmd's address), it
    /// reads that pmd in each, so it may hold the table (a section that reached no table covers none).
    /// </summary>
    private static void SectionOnly(Machine m, string name, int times = 1, ulong? walking = null) =>
        m.Spawn(name, () =>
        {
            for (var i = 0; i < times; i++)
            {
                m.RcuReadLock();
                if (walking is { } pmdp)
                {
                    m.PmdpGetLockless(pmdp);
                }

                m.RcuReadUnlock();
            }
        });

    /// <summary>A reader that takes <paramref name="mm"/>'s mmap_lock for read inside an rcu_read_lock section (it may sleep there).</summary>
    private static void ReaderSleepingInItsSection(Machine m, Mm mm) =>
        m.Spawn("reader", () =>
        {
            m.RcuReadLock();
            m.MmapReadLock(mm);
            m.MmapReadUnlock(mm);
            m.RcuReadUnlock();
        });

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReductionsReportTheKindsTheReferenceReports(string program, string? expected, bool plainDfsFinishes)
    {
        var reference = plainDfsFinishes
            ? Run(program, KernelRuns.Dfs(20_000) with { UseSleepSets = false }, exhaustive: true)
            : Sampled(program);
        var dpor = Run(program, KernelRuns.Dpor(20_000), exhaustive: true);
        var sleep = Run(program, KernelRuns.Dfs(20_000), exhaustive: true);

        if (expected is null)
        {
            Assert.Empty(reference);
        }
        else
        {
            Assert.Contains(expected, reference);
        }

        Assert.Equal(dpor, sleep);
        if (plainDfsFinishes)
        {
            Assert.Equal(reference, dpor);
        }
        else
        {
            Assert.Subset(dpor, reference);
            if (expected is not null)
            {
                Assert.Contains(expected, dpor);
            }
        }
    }

    /// <summary>Programs whose bounded plain DFS runs past 5,000 executions at bound 2 (up to 30,000 or more).</summary>
    private static readonly HashSet<string> TooLargeAtBound2 = new(StringComparer.Ordinal)
    {
        "callbacks-of-two-cpus-free-and-store", "deferred-free-and-a-synchronize-rcu", "deferred-free-while-a-grace-period-runs",
        "rcu-barrier-after-callbacks-of-two-cpus", "reader-reenters-while-the-grace-period-waits",
        "ready-callback-vs-a-second-grace-period", "sections-end-around-every-snapshot",
    };

    /// <summary>Every program under preemption bounds 0 and 1, and under 2 where bounded plain DFS stays small.</summary>
    public static TheoryData<string, int> BoundedCases
    {
        get
        {
            var cases = new TheoryData<string, int>();
            foreach (var row in Cases)
            {
                var program = (string)row[0];
                for (var bound = 0; bound <= 2; bound++)
                {
                    if (bound < 2 || !TooLargeAtBound2.Contains(program))
                    {
                        cases.Add(program, bound);
                    }
                }
            }

            return cases;
        }
    }

    /// <summary>
    /// Bounded POR against the bounded full search: within a preemption bound, DPOR reports exactly the kinds
    /// plain DFS (every schedule within the bound, no sleep sets) reports. Kinds that need more preemptions
    /// than the bound are missing from both, so the sets also differ between bounds.
    /// </summary>
    [Theory]
    [MemberData(nameof(BoundedCases))]
    public void BoundedDporReportsTheKindsBoundedPlainDfsReports(string program, int bound)
    {
        var reference = Run(program, KernelRuns.Dfs(20_000) with { UseSleepSets = false, PreemptionBound = bound }, exhaustive: true);
        var dpor = Run(program, KernelRuns.Dpor(20_000) with { PreemptionBound = bound }, exhaustive: true);

        Assert.Equal(reference, dpor);
    }

    /// <summary>The kinds found by random and PCT runs with a few seeds.</summary>
    private SortedSet<string> Sampled(string program)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            kinds.UnionWith(Run(program, KernelRuns.Random(1_000, seed), exhaustive: false));
            kinds.UnionWith(Run(program, KernelRuns.Pct(1_000, seed, depth: 3), exhaustive: false));
            kinds.UnionWith(Run(program, KernelRuns.Pct(1_000, seed, depth: 5), exhaustive: false));
        }

        return kinds;
    }

    private SortedSet<string> Run(string program, ExplorationOptions options, bool exhaustive)
    {
        var result = KernelRuns.Explore(Program(program), options with { StopAtFirstFinding = false }, name: program);
        var kinds = new SortedSet<string>(result.Findings.Select(f => f.Finding.Kind), StringComparer.Ordinal);
        _output.WriteLine($"{program} {result.Strategy} seed {options.Seed}: {result.Executions} executions, exhausted {result.Exhausted}: {string.Join(", ", kinds)}");
        if (exhaustive)
        {
            Assert.True(result.Exhausted, $"{result.Strategy} did not finish {program}: {result.Executions} executions");
        }

        return kinds;
    }
}
