using Pgt.Emulator.Kernel;
using Pgt.S390.Drivers;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Drivers;

/// <summary>__pte_alloc: two faults on one empty pmd; the loser frees its new table at once.</summary>
public class PteAllocTests
{
    [Theory]
    [InlineData("v6.6")]
    [InlineData("v6.8")]
    public void TwoFaultsOnOneEmptyPmd_MapThroughTheSameTable_InEveryInterleaving(string design)
    {
        var disagreements = 0;
        var executions = 0;
        var result = PortRuns.Explore(m =>
        {
            var pgt = PortDesigns.Create(design, m);
            var mm = m.MmAlloc();
            var address = 1UL << PageTableBits.PmdShift;
            var tables = new PteTable[2];
            m.Spawn("fault/0", () => tables[0] = PteAlloc.PteAllocTable(m, pgt, mm, address));
            m.Spawn("fault/1", () => tables[1] = PteAlloc.PteAllocTable(m, pgt, mm, address + PhysicalLayout.PageSize));
            m.Execution.AtEnd(() =>
            {
                executions++;
                if (tables[0] != tables[1])
                {
                    disagreements++;
                }
            });
        }, PortRuns.Pct(300));

        result.AssertClean();
        Assert.Equal(0, disagreements);
        Assert.True(executions > 0);
    }
    /// <summary>
    /// A fault on a region khugepaged retracts: the fault may read the pmd before the retract clears it and
    /// take the table's ptl after. The kernel's fault maps the pte through pte_offset_map_lock, which
    /// rechecks the pmd under the ptl and makes the fault retry on an empty pmd; a fault that took
    /// <c>pmd_pgtable</c> of a second lockless read locked struct page 0's ptl (bad-spinlock), a finding
    /// no kernel can have. DPOR explores every interleaving of the two strands.
    /// </summary>
    [Theory]
    [InlineData("v6.6")]
    [InlineData("v6.8")]
    public void FaultOnARegionKhugepagedRetracts_RetriesOnTheEmptyPmd_InEveryInterleaving(string design)
    {
        var mapped = 0;
        var result = PortRuns.Explore(m =>
        {
            var pgt = PortDesigns.Create(design, m);
            var space = MappedMm.Create(m, pgt, tables: 1);
            var address = MappedMm.AddressOf(0);
            Khugepaged.Start(m, pgt, space.Mm, address, RetractKind.LocklessDeferred);
            m.Spawn("fault", () =>
            {
                m.MmapReadLock(space.Mm);
                var table = PteAlloc.MapPage(m, pgt, space.Mm, address, m.AllocPage());
                m.MmapReadUnlock(space.Mm);
                Assert.False(table.Address == 0);
                mapped++;
            });
        }, PortRuns.Dpor(20_000));

        result.AssertClean(exhaustive: true);
        Assert.True(mapped > 0);
    }
}
