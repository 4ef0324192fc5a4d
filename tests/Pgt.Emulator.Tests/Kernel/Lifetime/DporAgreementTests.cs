using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// The kernel's primitives must declare every dependency a checker's verdict rests on (memory words,
/// lock words, the RCU resource for lifetime state), or DPOR prunes the schedule that shows the bug.
/// On small kernel programs, exhaustive DPOR must find exactly the findings plain DFS (no reduction)
/// finds, in fewer executions.
/// </summary>
public class DporAgreementTests
{
    public static TheoryData<string> Programs => new() { "lockdep-m9", "reuse", "deferred-write", "use-after-free" };

    private static Action<Machine> Program(string name) => name switch
    {
        "lockdep-m9" => m =>
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
        "reuse" => m =>
        {
            var (mm, table, _) = Support.Programs.MappedPage(m);
            Support.Programs.RcuPmdSnapshotReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Support.Programs.Address));
                m.AtomicXorBits(table.Page.Refcount, 0x01u << 24);
            });
        },
        "deferred-write" => m =>
        {
            var (mm, table, _) = Support.Programs.MappedPage(m);
            Support.Programs.PmdSnapshotReader(m, mm);
            m.Spawn("khugepaged", () =>
            {
                m.PmdClear(m.PmdOffset(mm, Support.Programs.Address));
                m.Store(table.Entry(0), 0x1234);
            });
        },
        _ => m =>
        {
            // A pointer to a data page, cleared and then the page freed; the reader follows the pointer.
            var holder = m.AllocPage().PhysAddr;
            var data = m.AllocPage();
            m.Store(holder, data.PhysAddr);
            m.Spawn("reader", () =>
            {
                var p = m.ReadOnce(holder);
                if (p != 0)
                {
                    m.ReadOnce(p + 8);
                }
            });
            m.Spawn("freer", () =>
            {
                m.WriteOnce(holder, 0);
                m.FreePage(data);
            });
        },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void DporFindsWhatPlainDfsFinds_InFewerExecutions(string program)
    {
        var all = new ExplorationOptions { StopAtFirstFinding = false };
        var dfs = KernelRuns.Explore(Program(program), KernelRuns.Dfs(300_000) with { UseSleepSets = false, StopAtFirstFinding = false }, name: program);
        var dpor = KernelRuns.Explore(Program(program), KernelRuns.Dpor(300_000) with { StopAtFirstFinding = all.StopAtFirstFinding }, name: program);

        Assert.True(dfs.Exhausted, $"plain DFS did not finish: {dfs.Executions} executions");
        Assert.True(dpor.Exhausted, $"DPOR did not finish: {dpor.Executions} executions");
        var expected = dfs.Findings.Select(f => f.Finding.Title).Order(StringComparer.Ordinal).ToList();
        var actual = dpor.Findings.Select(f => f.Finding.Title).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        Assert.True(dpor.Executions < dfs.Executions, $"DPOR {dpor.Executions} executions, plain DFS {dfs.Executions}");
    }
}
