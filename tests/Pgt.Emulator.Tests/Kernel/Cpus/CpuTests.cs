using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>Tasks bound to one CPU do not run while another holds it with irqs or preemption off.</summary>
public class CpuTests
{
    private static void IntermediateValue(Machine m, int readerCpu)
    {
        var flag = m.AllocPage().PhysAddr;
        m.Spawn("writer", () =>
        {
            var flags = m.LocalIrqSave();
            m.WriteOnce(flag, 1);
            m.WriteOnce(flag, 2);
            m.LocalIrqRestore(flags);
        }, cpu: 1);
        m.Spawn("reader", () =>
        {
            if (m.ReadOnce(flag) == 1)
            {
                m.Execution.Fail(new Finding("observed", "saw the value inside the irq-off section", []));
            }
        }, cpu: readerCpu);
    }

    [Fact]
    public void ATaskOnTheSameCpu_NeverRunsInsideAnIrqOffSection() =>
        KernelRuns.Explore(m => IntermediateValue(m, readerCpu: 1), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void ATaskOnAnotherCpu_Does() =>
        KernelRuns.Explore(m => IntermediateValue(m, readerCpu: 2), KernelRuns.Dpor()).AssertFinds("observed");

    [Fact]
    public void ASoftirqNeverInterruptsABhDisabledSection()
    {
        KernelRuns.Explore(m =>
        {
            var flag = m.AllocPage().PhysAddr;
            m.CallRcu(m.AllocPage().RcuHead, h =>
            {
                if (h.Machine.ReadOnce(flag) == 1)
                {
                    h.Machine.Execution.Fail(new Finding("observed", "softirq ran inside a bh-off section of its CPU", []));
                }
            });
            m.LocalBhDisable();
            m.WriteOnce(flag, 1);
            m.WriteOnce(flag, 2);
            m.LocalBhEnable();
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);
    }
}
