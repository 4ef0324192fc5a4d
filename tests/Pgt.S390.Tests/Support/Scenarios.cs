using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Drivers;

namespace Pgt.S390.Tests.Support;

/// <summary>The concurrent scenarios the design tests explore, each built from the port's drivers.</summary>
internal static class Scenarios
{
    /// <summary>
    /// Tables 0 and 1 mapped (one page in the fragment designs); gup_fast walks region 0 while khugepaged
    /// retracts its table and a fault allocates a table for region 2.
    /// </summary>
    public static Action<Machine> RetractVsGupFastAndFault(string design, RetractKind kind) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), kind);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    };

    /// <summary>Only table 0 mapped, so its page is listed with a free upper half; khugepaged retracts it while a fault allocates.</summary>
    public static Action<Machine> RetractWithFreeSiblingVsFault(string design) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 1);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    };

    /// <summary>Both halves of one page retracted at once by two khugepaged strands (pte_free_defer twice).</summary>
    public static Action<Machine> RetractBothHalves(string design) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 2);
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(0), RetractKind.LocklessDeferred, "khugepaged/0");
        Khugepaged.Start(m, pgt, space.Mm, MappedMm.AddressOf(1), RetractKind.LocklessDeferred, "khugepaged/1");
    };

    /// <summary>Tables 0 and 1 mapped; munmap frees table 0 through mmu_gather while gup_fast walks region 0.</summary>
    public static Action<Machine> MunmapVsGupFast(string design) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 2);
        Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
    };

    /// <summary>Tables 0 and 1 mapped; munmap frees table 0 while a context switch takes context.lock with plain spin_lock.</summary>
    public static Action<Machine> MunmapVsContextSwitch(string design) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 2);
        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
        TlbFlush.StartContextSwitch(m, space.Mm);
    };

    /// <summary>
    /// Tables 0 and 1 mapped; the task munmaps table 0, then exits on another CPU (frees table 1, drops the
    /// mm) while the first CPU's softirq runs the RCU callback of table 0's batch.
    /// </summary>
    public static Action<Machine> MunmapThenExit(string design) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 2);
        m.Spawn("task", () =>
        {
            Munmap.UnmapRegions(m, pgt, space.Mm, MappedMm.AddressOf(0));
            Munmap.StartExit(m, pgt, space.Mm, [MappedMm.AddressOf(1)]);
        });
    };

    /// <summary>
    /// Tables 0 and 1 mapped; munmap frees table 0 while a walker is in region 0 (gup_fast with irqs off,
    /// or a pte_offset_map user under rcu_read_lock only) and a fault allocates a table for region 2.
    /// </summary>
    public static Action<Machine> MunmapVsWalkerAndFault(string design, bool rcuWalker) => m =>
    {
        var pgt = PortDesigns.Create(design, m);
        var space = MappedMm.Create(m, pgt, 2);
        if (rcuWalker)
        {
            Walkers.StartPteWalker(m, space.Mm, MappedMm.AddressOf(0), takePtl: false);
        }
        else
        {
            Walkers.StartGupFast(m, space.Mm, MappedMm.AddressOf(0));
        }

        Munmap.Start(m, pgt, space.Mm, [MappedMm.AddressOf(0)]);
        PteAlloc.StartFault(m, pgt, space.Mm, MappedMm.AddressOf(2));
    };
}
