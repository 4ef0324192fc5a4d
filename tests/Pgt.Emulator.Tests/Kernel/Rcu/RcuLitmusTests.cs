using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>
/// Self-tests of the RCU model with the LKMM litmus tests (tools/memory-model/litmus-tests): they never
/// fail under exhaustive exploration, and the ones that rely on a grace period fail when the engine is
/// broken on purpose. The litmus condition is checked at the end of each execution; the grace-period
/// oracle is switched off so that the litmus outcome itself is what is tested.
/// </summary>
public class RcuLitmusTests
{
    private const string Violation = "litmus-exists";

    private static readonly MachineOptions Sound = new() { Checkers = CheckerSet.All & ~CheckerSet.GracePeriodOracle };
    private static readonly MachineOptions Broken = Sound with { BreakGracePeriods = true };

    /// <summary>MP+onceassign+derefonce: publication through rcu_assign_pointer / rcu_dereference.</summary>
    private static void MpOnceAssignDerefOnce(Machine m)
    {
        var page = m.AllocPage();
        ulong x = page.PhysAddr, p = page.PhysAddr + 8, dummy = page.PhysAddr + 16;
        m.Store(p, dummy);
        ulong r0 = 0, r1 = 0;
        m.Spawn("P0", () =>
        {
            m.WriteOnce(x, 1);
            m.WriteOnce(p, x);
        });
        m.Spawn("P1", () =>
        {
            m.RcuReadLock();
            r0 = m.ReadOnce(p);
            r1 = m.ReadOnce(r0);
            m.RcuReadUnlock();
        });
        Exists(m, () => r0 == x && r1 == 0, "1:r0=x /\\ 1:r1=0");
    }

    /// <summary>MP+onceassign+derefonce where the updater also frees the old object through call_rcu.</summary>
    private static void MpOnceAssignDerefOnceWithFree(Machine m)
    {
        var page = m.AllocPage();
        ulong old = page.PhysAddr, fresh = page.PhysAddr + 8, p = page.PhysAddr + 16;
        var head = new RcuHead(m, page.PhysAddr + 32);
        m.Store(old, 1);
        m.Store(p, old);
        ulong r1 = 1;
        m.Spawn("P0", () =>
        {
            m.WriteOnce(fresh, 1);
            m.WriteOnce(p, fresh);
            m.CallRcu(head, h => h.Machine.WriteOnce(h.Address - 32, 0));
        });
        m.Spawn("P1", () =>
        {
            m.RcuReadLock();
            var r0 = m.ReadOnce(p);
            r1 = m.ReadOnce(r0);
            m.RcuReadUnlock();
        });
        Exists(m, () => r1 == 0, "1:r1=0 (the reader saw the freed object)");
    }

    /// <summary>RCU+sync+free: synchronize_rcu separates the unpublish from the free.</summary>
    private static void RcuSyncFree(Machine m)
    {
        var page = m.AllocPage();
        ulong x = page.PhysAddr, z = page.PhysAddr + 8, y = page.PhysAddr + 16;
        m.Store(x, 1);
        m.Store(z, 1);
        m.Store(y, x);
        ulong r0 = 0, r1 = 1;
        m.Spawn("P0", () =>
        {
            m.RcuReadLock();
            r0 = m.ReadOnce(y);
            r1 = m.ReadOnce(r0);
            m.RcuReadUnlock();
        });
        m.Spawn("P1", () =>
        {
            m.WriteOnce(y, z);
            m.SynchronizeRcu();
            m.WriteOnce(x, 0);
        });
        Exists(m, () => r0 == x && r1 == 0, "0:r0=x /\\ 0:r1=0");
    }

    /// <summary>The grace-period guarantee as a BUG_ON: a reader that sees y=1 must see x=1.</summary>
    private static void GracePeriodGuarantee(Machine m)
    {
        var page = m.AllocPage();
        ulong x = page.PhysAddr, y = page.PhysAddr + 8;
        ulong rx = 1, ry = 0;
        m.Spawn("P0", () =>
        {
            m.RcuReadLock();
            rx = m.ReadOnce(x);
            ry = m.ReadOnce(y);
            m.RcuReadUnlock();
        });
        m.Spawn("P1", () =>
        {
            m.WriteOnce(x, 1);
            m.SynchronizeRcu();
            m.WriteOnce(y, 1);
        });
        Exists(m, () => rx == 0 && ry == 1, "BUG_ON(r_x == 0 && r_y == 1)");
    }

    private static void Exists(Machine m, Func<bool> condition, string text) =>
        m.Execution.AtEnd(() =>
        {
            if (condition())
            {
                m.Execution.Fail(new Finding(Violation, $"litmus: exists ({text}) was reached", []));
            }
        });

    public static TheoryData<string> Programs => new() { "mp", "mp-free", "sync-free", "gp-guarantee" };

    private static Action<Machine> Program(string name) => name switch
    {
        "mp" => MpOnceAssignDerefOnce,
        "mp-free" => MpOnceAssignDerefOnceWithFree,
        "sync-free" => RcuSyncFree,
        _ => GracePeriodGuarantee,
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void Litmus_NeverFails_UnderExhaustiveDpor(string program) =>
        KernelRuns.Explore(Program(program), KernelRuns.Dpor(), Sound, "litmus-" + program).AssertClean(exhaustive: true);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Litmus_NeverFails_UnderExhaustiveDfs(string program) =>
        KernelRuns.Explore(Program(program), KernelRuns.Dfs(200_000), Sound, "litmus-" + program).AssertClean(exhaustive: true);

    [Theory]
    [InlineData("mp-free")]
    [InlineData("sync-free")]
    [InlineData("gp-guarantee")]
    public void Litmus_Fails_WhenGracePeriodsAreBroken(string program) =>
        KernelRuns.Explore(Program(program), KernelRuns.Dpor(), Broken, "litmus-" + program).AssertFinds(Violation);

    [Fact]
    public void MessagePassing_NeedsNoGracePeriod_SoItHoldsEvenWhenBroken() =>
        KernelRuns.Explore(MpOnceAssignDerefOnce, KernelRuns.Dpor(), Broken, "litmus-mp").AssertClean(exhaustive: true);

    [Theory]
    [InlineData("mp-free")]
    [InlineData("sync-free")]
    public void GracePeriodOracle_CatchesTheBrokenEngine(string program) =>
        KernelRuns.Explore(Program(program), KernelRuns.Dpor(), new MachineOptions { BreakGracePeriods = true }, "oracle-" + program)
            .AssertFinds(FindingKinds.RcuOracle);
}
