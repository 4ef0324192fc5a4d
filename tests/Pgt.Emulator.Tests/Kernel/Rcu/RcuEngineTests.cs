using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>The grace-period engine, the callback softirq and the IPI sync, observed from scenarios.</summary>
public class RcuEngineTests
{
    private const string Observed = "observed";

    private static void Report(Machine m, string what) =>
        m.Execution.Fail(new Finding(Observed, what, []));

    [Fact]
    public void Callback_NeverRunsWhileAReaderFromBeforeCallRcuIsInItsSection()
    {
        // The reader checks a flag the callback sets; the updater queues the callback only once it saw the
        // reader inside its section. Exhaustive DPOR must never see the flag change inside the section.
        var result = KernelRuns.Explore(m =>
        {
            var page = m.AllocPage();
            var flag = page.PhysAddr;
            var started = page.PhysAddr + 8;
            m.Spawn("reader", () =>
            {
                m.RcuReadLock();
                m.WriteOnce(started, 1);
                var before = m.ReadOnce(flag);
                var after = m.ReadOnce(flag);
                m.RcuReadUnlock();
                if (before == 0 && after == 1)
                {
                    Report(m, "callback ran inside a section that began before it was queued");
                }
            });
            m.Spawn("updater", () =>
            {
                if (m.ReadOnce(started) == 1)
                {
                    m.CallRcu(new RcuHead(m, page.PhysAddr + 64), h => h.Machine.WriteOnce(flag, 1));
                }
            });
        }, KernelRuns.Dpor());

        result.AssertClean(exhaustive: true);
    }

    [Fact]
    public void Callback_MayRunBeforeALaterReaderEnds()
    {
        // A section that begins after call_rcu does not hold the callback back: some schedule shows it.
        var result = KernelRuns.Explore(m =>
        {
            var page = m.AllocPage();
            var flag = page.PhysAddr;
            m.CallRcu(new RcuHead(m, page.PhysAddr + 64), h => h.Machine.WriteOnce(flag, 1));
            m.Spawn("reader", () =>
            {
                m.RcuReadLock();
                var before = m.ReadOnce(flag);
                var after = m.ReadOnce(flag);
                m.RcuReadUnlock();
                if (before == 0 && after == 1)
                {
                    Report(m, "callback ran during a later section");
                }
            });
        }, KernelRuns.Dpor());

        result.AssertFinds(Observed);
    }

    [Fact]
    public void IrqOffSection_HoldsBackTheIpiSync_ButRcuReadLockDoesNot()
    {
        var irq = KernelRuns.Explore(m => IpiVersusReader(m, irqOff: true), KernelRuns.Dpor());
        var rcu = KernelRuns.Explore(m => IpiVersusReader(m, irqOff: false), KernelRuns.Dpor());

        irq.AssertClean(exhaustive: true);
        rcu.AssertFinds(Observed);
    }

    private static void IpiVersusReader(Machine m, bool irqOff)
    {
        var page = m.AllocPage();
        var flag = page.PhysAddr;
        var started = page.PhysAddr + 8;
        m.Spawn("reader", () =>
        {
            var flags = irqOff ? m.LocalIrqSave() : 0;
            if (!irqOff)
            {
                m.RcuReadLock();
            }

            m.WriteOnce(started, 1);
            var before = m.ReadOnce(flag);
            var after = m.ReadOnce(flag);
            if (irqOff)
            {
                m.LocalIrqRestore(flags);
            }
            else
            {
                m.RcuReadUnlock();
            }

            if (before == 0 && after == 1)
            {
                Report(m, "the IPI sync returned inside the section");
            }
        });
        m.Spawn("syncer", () =>
        {
            if (m.ReadOnce(started) == 1)
            {
                m.TlbRemoveTableSyncOne();
                m.WriteOnce(flag, 1);
            }
        });
    }

    [Fact]
    public void SynchronizeRcu_WaitsForAGracePeriod()
    {
        long completed = -1;
        KernelRuns.Once(m =>
        {
            m.SynchronizeRcu();
            completed = m.RcuCompletedGracePeriods();
        }).AssertClean();

        Assert.True(completed >= 1);
    }

    [Fact]
    public void CallbacksOfOneCpu_RunInCallOrder()
    {
        var result = KernelRuns.Explore(m =>
        {
            var page = m.AllocPage();
            var log = page.PhysAddr;
            m.CallRcu(new RcuHead(m, page.PhysAddr + 64), h => h.Machine.WriteOnce(log, h.Machine.ReadOnce(log) * 10 + 1));
            m.CallRcu(new RcuHead(m, page.PhysAddr + 80), h => h.Machine.WriteOnce(log, h.Machine.ReadOnce(log) * 10 + 2));
            m.Execution.AtEnd(() =>
            {
                if (m.Memory.Peek(log) != 12)
                {
                    Report(m, $"callbacks ran out of order: {m.Memory.Peek(log)}");
                }
            });
        }, KernelRuns.Dpor());

        result.AssertClean(exhaustive: true);
    }

    [Fact]
    public void CallRcuWritesFuncAndNextIntoTheHead()
    {
        ulong next = 1, func = 0;
        KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            var head = page.RcuHead;
            m.RcuReadLock();
            m.CallRcu(head, Nothing);
            next = m.Load(head.Next);
            func = m.Load(head.Func);
            m.RcuReadUnlock();
        }).AssertClean();

        Assert.Equal(0UL, next);
        Assert.Equal(PhysicalLayout.KernelTextBase, func);
    }

    [Fact]
    public void SynchronizeRcuInsideAReader_IsSleepInAtomic() =>
        KernelRuns.Once(m =>
        {
            m.RcuReadLock();
            m.SynchronizeRcu();
        }).AssertFinds(FindingKinds.SleepInAtomic);

    [Fact]
    public void CallRcu_LinksBehindTheTailAtomically_SoTheCpusSoftirqCannotFreeTheTailInBetween()
    {
        // call_rcu links the new head behind the CPU's last queued one with irqs off (__call_rcu_common's
        // local_irq_save around rcu_segcblist_enqueue): the CPU's softirq cannot take and run the tail's
        // callback between the enqueue and the link. Here the first callback frees the page its head is in
        // (the head is in the page's memory, as in the
        // mmu_gather batch page tlb_remove_table_rcu frees); the second call_rcu, on the same CPU after a grace
        // period, must never store into that freed page. Before, the link was a scheduling point of its own
        // and DPOR found a use-after-free "in call_rcu" (a munmap after another munmap: the mmu_gather batch).
        var result = KernelRuns.Explore(m =>
        {
            var first = m.AllocPage();
            var second = m.AllocPage();
            m.Spawn("updater", () =>
            {
                m.CallRcu(new RcuHead(m, first.PhysAddr), FreeItsPage);
                m.SynchronizeRcu();
                m.CallRcu(new RcuHead(m, second.PhysAddr), FreeItsPage);
            });
        }, KernelRuns.Dpor());

        result.AssertClean(exhaustive: true);
    }

    // The head is the first word of the page it frees, as struct mmu_table_batch's rcu head is.
    private static void FreeItsPage(RcuHead head) => head.Machine.FreePage(Page.FromAddress(head.Machine, head.Address));

    private static void Nothing(RcuHead head)
    {
    }
}
