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
}
