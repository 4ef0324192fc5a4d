using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel.Rcu;

/// <summary>
/// How a report names an RCU callback: in <c>rcu_head.func</c>'s symbol (the ODEBUG hint) and as the frame
/// its accesses run in. A lambda's or local function's primitives record the member that wrote it as their
/// caller, so without a frame of its own the report would show that member as running.
/// </summary>
public class CallbackNameTests
{
    [Fact]
    public void ALambdaCallback_RunsInAFrameNamedAfterIt()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            var data = m.AllocPage();
            m.CallRcu(page.RcuHead, head =>
            {
                m.Store(data.PhysAddr, 1);
            });
            m.FreePage(data);
        }).AssertFinds(FindingKinds.UseAfterFree);

        var method = nameof(ALambdaCallback_RunsInAFrameNamedAfterIt);
        Assert.Contains($"BUG: KASAN: use-after-free in {method}.<lambda>\n", report, StringComparison.Ordinal);
        var store = StackAfter(report, "    store\n");
        Assert.StartsWith($"    {method}.<lambda> CallbackNameTests.cs:", store[0], StringComparison.Ordinal);
        Assert.StartsWith("    rcu_do_batch ", store[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ALambdaCallbackOfSeveralLines_IsOneShortSymbolInTheHint()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.RcuReadLock(); // the callback cannot run before the free
            m.CallRcu(page.RcuHead, head =>
            {
                _ = head;
            });
            m.FreePage(page);
            m.RcuReadUnlock();
        }).AssertFinds(FindingKinds.BadPageRelease);

        var hint = report.Split('\n').Single(line => line.Contains("ODEBUG: free active", StringComparison.Ordinal));
        Assert.EndsWith($"hint: {nameof(ALambdaCallbackOfSeveralLines_IsOneShortSymbolInTheHint)}.<lambda>+0x0/0x100", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("=>", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ALocalFunctionCallback_IsNamedAndFramedByItsOwnName()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            var data = m.AllocPage();
            m.CallRcu(page.RcuHead, WriteData);
            m.FreePage(data);

            void WriteData(RcuHead head) => m.Store(data.PhysAddr, 1);
        }).AssertFinds(FindingKinds.UseAfterFree);

        Assert.Contains("BUG: KASAN: use-after-free in WriteData\n", report, StringComparison.Ordinal);
        Assert.StartsWith("    WriteData CallbackNameTests.cs:", StackAfter(report, "    store\n")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AChosenMethodGroup_IsNamedByTheMethodChosen()
    {
        var lower = true;
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            m.RcuReadLock();
            m.CallRcu(page.RcuHead, lower ? FreeLower : FreeUpper);
            m.FreePage(page);
            m.RcuReadUnlock();
        }).AssertFinds(FindingKinds.BadPageRelease);

        Assert.Contains($"hint: {nameof(FreeLower)}+0x0/0x100", report, StringComparison.Ordinal);
    }

    [Fact]
    public void AMethodCallbackWithoutAFrame_RunsInOneNamedAfterIt()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            var writer = new DataWriter(m.AllocPage());
            m.CallRcu(page.RcuHead, writer.WriteData);
            m.FreePage(writer.Data);
        }).AssertFinds(FindingKinds.UseAfterFree);

        var store = StackAfter(report, "    store\n");
        Assert.Contains($"BUG: KASAN: use-after-free in {nameof(DataWriter.WriteData)}\n", report, StringComparison.Ordinal);
        Assert.StartsWith($"    {nameof(DataWriter.WriteData)} CallbackNameTests.cs:", store[0], StringComparison.Ordinal);
        Assert.StartsWith("    rcu_do_batch ", store[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ACallbackThatEntersItsOwnFrame_IsThatFrameAlone()
    {
        var report = KernelRuns.Once(m =>
        {
            var page = m.AllocPage();
            var writer = new DataWriter(m.AllocPage());
            m.CallRcu(page.RcuHead, writer.WriteDataInOwnFrame);
            m.FreePage(writer.Data);
        }).AssertFinds(FindingKinds.UseAfterFree);

        Assert.Contains("BUG: KASAN: use-after-free in write_data\n", report, StringComparison.Ordinal);
        var store = StackAfter(report, "    store\n");
        Assert.StartsWith("    write_data CallbackNameTests.cs:", store[0], StringComparison.Ordinal);
        Assert.StartsWith("    rcu_do_batch ", store[1], StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(DataWriter.WriteDataInOwnFrame), report, StringComparison.Ordinal);
    }

    private sealed class DataWriter(Page data)
    {
        public Page Data => data;

        public void WriteData(RcuHead head) => data.Machine.Store(data.PhysAddr, 1);

        public void WriteDataInOwnFrame(RcuHead head)
        {
            using var frame = data.Machine.Enter("write_data");
            data.Machine.Store(data.PhysAddr, 1);
        }
    }

    private static void FreeLower(RcuHead head)
    {
    }

    private static void FreeUpper(RcuHead head)
    {
    }

    /// <summary>The stack lines after <paramref name="marker"/>, up to the next section.</summary>
    private static string[] StackAfter(string report, string marker)
    {
        var start = report.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{marker.Trim()}' in:\n{report}");
        return report[(start + marker.Length)..].Split('\n').TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).ToArray();
    }
}
