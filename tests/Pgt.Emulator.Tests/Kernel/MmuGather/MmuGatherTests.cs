using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>mmu_gather table batching: call_rcu per batch, and the IPI fallback as an explored choice.</summary>
public class MmuGatherTests
{
    [Fact]
    public void BatchedTables_AreFreedAfterAGracePeriod_ThroughThePortsTableFree()
    {
        var freed = new List<ulong>();
        var result = KernelRuns.Explore(m =>
        {
            freed.Clear();
            var mm = m.MmAlloc();
            var tlb = m.TlbGatherMmu(mm, t => freed.Add(t));
            m.TlbRemoveTable(tlb, 0x5001);
            m.TlbRemoveTable(tlb, 0x5802);
            m.TlbFinishMmu(tlb);
        }, KernelRuns.Dfs() with { MaxExecutions = 1 }, new MachineOptions { ExploreBatchAllocationFailure = false });

        result.AssertClean();
        Assert.Equal([0x5001UL, 0x5802UL], freed);
    }

    [Fact]
    public void BatchPageAllocationFailure_IsExplored_AndFreesAtOnceAfterTheIpi()
    {
        var outcomes = new HashSet<string>();
        var result = KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var log = new List<string>();
            var tlb = m.TlbGatherMmu(mm, t => log.Add($"free@gp{m.RcuCompletedGracePeriods()}"));
            m.TlbRemoveTable(tlb, 0x5001);
            log.Add("removed");
            m.TlbFinishMmu(tlb);
            m.Execution.AtEnd(() => outcomes.Add(string.Join(",", log)));
        }, KernelRuns.Dfs());

        result.AssertClean(exhaustive: true);
        Assert.Contains("free@gp0,removed", outcomes);
        Assert.Contains("removed,free@gp1", outcomes);
    }

    [Fact]
    public void FullBatch_IsHandedToCallRcuAtOnce()
    {
        long gpAtFree = -1;
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var tlb = m.TlbGatherMmu(mm, t => gpAtFree = m.RcuCompletedGracePeriods());
            m.TlbRemoveTable(tlb, 0x5001);
            m.TlbRemoveTable(tlb, 0x5802);
            m.SynchronizeRcu();
            m.SynchronizeRcu();
            m.TlbFinishMmu(tlb);
        }, KernelRuns.Dfs() with { MaxExecutions = 1 },
            new MachineOptions { ExploreBatchAllocationFailure = false, TableBatchCapacity = 2 }).AssertClean();

        Assert.True(gpAtFree is >= 1 and <= 2, $"freed at grace period {gpAtFree}");
    }
}
