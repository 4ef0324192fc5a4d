using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Scenarios;

namespace Pgt.Benchmarks.Exploration;

/// <summary>
/// A synthetic scenario whose size is set: <c>strands</c> tasks, each doing <c>steps</c> emulated memory
/// accesses. Each strand works on a page of its own and every <c>sharedEvery</c>-th step touches one
/// shared word, so there are both independent and conflicting operations for DPOR to sort out.
/// </summary>
internal static class GrowthScenario
{
    public static Scenario Create(int strands, int steps, int sharedEvery) =>
        KernelScenario.Create($"growth/{strands}x{steps}", m => Run(m, strands, steps, sharedEvery), new MachineOptions { PageCount = 32 + strands });

    private static void Run(Machine m, int strands, int steps, int sharedEvery)
    {
        var shared = m.AllocPage().PhysAddr;
        var own = new ulong[strands];
        for (var s = 0; s < strands; s++)
        {
            own[s] = m.AllocPage().PhysAddr;
        }

        for (var s = 0; s < strands; s++)
        {
            var page = own[s];
            m.Spawn($"worker{s}", () =>
            {
                for (var i = 0; i < steps; i++)
                {
                    if (i % sharedEvery == sharedEvery - 1)
                    {
                        var seen = m.ReadOnce(shared);
                        m.WriteOnce(shared, seen + 1);
                        i++;
                    }
                    else
                    {
                        m.WriteOnce(page + (ulong)(i % 256) * 8, (ulong)i);
                    }
                }
            });
        }
    }
}
