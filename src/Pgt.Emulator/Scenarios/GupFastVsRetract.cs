using Pgt.Emulator.Exploration;
using Pgt.Emulator.Generic;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Walkers;

namespace Pgt.Emulator.Scenarios;

/// <summary>How the canonical retract frees the table it detached.</summary>
public enum RetractFree
{
    /// <summary>pte_free_defer: call_rcu, the table is freed after a grace period (clean).</summary>
    Deferred,
    /// <summary>pte_free: freed at once while gup_fast may still walk it (use-after-free).</summary>
    Immediate,
    /// <summary>pte_free_defer, then a store into the table (write-after-deferred-free, the gross patch).</summary>
    WriteAfterDefer,
}

/// <summary>
/// The canonical mini-scenario (benchmarks and the port's template): gup_fast walks a 1 MiB range while
/// khugepaged retracts its pte table (clears the pmd, then frees the table). The main strand sets up one
/// mm, one data page mapped at 1 MiB, then starts both strands; the RCU daemons start on call_rcu.
/// </summary>
public static class GupFastVsRetract
{
    public const ulong Address = 1UL << PageTableBits.PmdShift;

    public static Scenario Create(RetractFree variant, MachineOptions? options = null) =>
        KernelScenario.Create($"gup_fast-vs-retract/{variant}", m => Run(m, variant), options);

    public static void Run(Machine m, RetractFree variant)
    {
        var mm = m.MmAlloc();
        var data = m.AllocPage();
        GenericPageTables.MapPage(m, mm, Address, data);
        m.Spawn("gup_fast", () => m.GupFastPages(mm, Address, 1));
        m.Spawn("khugepaged", () =>
        {
            var table = GenericPageTables.Retract(m, mm, Address);
            switch (variant)
            {
                case RetractFree.Deferred:
                    GenericPageTables.PteFreeDefer(m, mm, table);
                    break;
                case RetractFree.Immediate:
                    GenericPageTables.PteFree(m, mm, table);
                    break;
                case RetractFree.WriteAfterDefer:
                    PteFreeDeferThreadingAList(m, mm, table);
                    break;
            }
        });
    }

    /// <summary>The bug of Hugh's "gross patch" in a nutshell: a list_head threaded through a table whose grace period has not ended.</summary>
    private static void PteFreeDeferThreadingAList(Machine m, Mm mm, PteTable table)
    {
        using var frame = m.Enter("pte_free_defer");
        GenericPageTables.PteFreeDefer(m, mm, table);
        m.InitListHead(ListHead.At(m, table.Address));
    }
}
