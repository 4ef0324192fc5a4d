using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.S390.Designs;
using Pgt.S390.Thp;
using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests.Thp;

/// <summary>THP deposit/withdraw: the list through words 0-1 of deposited tables, under the pmd lock.</summary>
public class PgtableDepositTests
{
    [Fact]
    public void Withdraw_TakesTheTablesBack_LastDepositedFirst_WithWords01PteNoneAgain()
    {
        PteTable t0 = default, t1 = default, first = default, second = default;
        ulong linkedWhileDeposited = 0, hugePteAfter = 1, word0 = 0, word1 = 0;
        PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            t0 = pgt.PageTableAlloc(mm);
            t1 = pgt.PageTableAlloc(mm);
            var pmdp = m.PmdOffset(mm, 1UL << 20);
            var ptl = m.PmdLock(mm, pmdp);
            PgtableDeposit.PgtableTransHugeDeposit(m, mm, pmdp, t0);
            PgtableDeposit.PgtableTransHugeDeposit(m, mm, pmdp, t1);
            linkedWhileDeposited = m.Load(t0.Entry(0));
            first = PgtableDeposit.PgtableTransHugeWithdraw(m, mm, pmdp);
            second = PgtableDeposit.PgtableTransHugeWithdraw(m, mm, pmdp);
            hugePteAfter = m.Load(m.VirtToPage(pmdp).PmdHugePte);
            m.SpinUnlock(ptl);
            word0 = m.Load(t0.Entry(0));
            word1 = m.Load(t0.Entry(1));
        }).AssertClean();

        Assert.Equal(t1.Address, linkedWhileDeposited);
        Assert.Equal((t1, t0), (first, second));
        Assert.Equal(0UL, hugePteAfter);
        Assert.Equal((0x400UL, 0x400UL), (word0, word1));
    }

    [Fact]
    public void DepositWithoutThePmdLock_IsCaught()
    {
        var report = PortRuns.Once(m =>
        {
            var pgt = new V66PageActive(m);
            var mm = m.MmAlloc();
            var table = pgt.PageTableAlloc(mm);
            PgtableDeposit.PgtableTransHugeDeposit(m, mm, m.PmdOffset(mm, 1UL << 20), table);
        }).AssertFinds(FindingKinds.LockNotHeld);

        Assert.Contains("lockdep_assert_held", report);
    }
}
