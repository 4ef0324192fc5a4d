// A first scenario (hypothetical: written for the guide, docs/writing-a-scenario.md; not kernel code).
// khugepaged frees a pte table with pte_free while gup_fast may still be walking it.

using Pgt.Emulator.Kernel;          // Machine: the emulated kernel one execution runs on
using Pgt.Emulator.Scenarios;       // [Scenario]
using Pgt.S390.Designs;             // the port: one type per design of the 2023 review
using Pgt.S390.Drivers;             // strands that drive it: walkers, khugepaged, munmap, faults

namespace MyScenarios;

public static class FirstScenario
{
    [Scenario("khugepaged frees a table with pte_free while gup_fast walks it",
        ExpectFinding = "use-after-free")]
    public static void RetractUnderGupFast(Machine m)
    {
        var pgt = new V68FullPage(m);                                  // the allocator design under test
        var space = MappedMm.Create(m, pgt, tables: 1);                // an mm with one pte table, one page mapped
        var address = MappedMm.AddressOf(0);                           // the first address of that table's region
        Walkers.StartGupFast(m, space.Mm, address);                    // strand 1: a lockless walker
        Khugepaged.Start(m, pgt, space.Mm, address, RetractKind.LocklessImmediate); // strand 2: detach, then pte_free
    }
}
