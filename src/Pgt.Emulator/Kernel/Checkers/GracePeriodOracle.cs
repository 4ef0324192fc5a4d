using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// Self-check of the RCU model, LKMM's grace-period guarantee (emulator.md B6 oracle 1): when a callback
/// runs, or synchronize_rcu returns, every read-side section that was open at its call_rcu (or at the
/// call of synchronize_rcu) has ended. It is independent of the grace-period engine, so a broken engine
/// is caught by it.
/// </summary>
internal sealed class GracePeriodOracle : Checker
{
    public GracePeriodOracle(KernelView kernel)
        : base(kernel)
    {
    }

    public override void OnCallbackInvoke(int record)
    {
        ref readonly var r = ref Observed.Rcu.Callback(record);
        var reader = StillOpen(r.SnapshotOffset, r.SnapshotCount);
        if (reader < 0)
        {
            return;
        }

        var s = Observed.Current;
        Observed.Fail(Reports.Make(FindingKinds.RcuOracle, r.FuncName, $"rcu_head {FindingSections.Hex(r.Head)}",
        [
            new ReportSection("Grace-period guarantee", [
                $"callback {r.FuncName} runs on {Reports.StrandName(s.Id)} at step {Observed.Step} while a read-side section open at its call_rcu is still open",
                $"grace period needed {r.Needed}, completed {Observed.Rcu.Completed}"]),
            Reports.Event("Queued by call_rcu", r.Queued),
            Reports.ReaderSection("Reader still in its section", reader),
        ]));
    }

    public override void OnSynchronizeRcuDone(int snapshotOffset, int snapshotCount, in EventRecord call)
    {
        var reader = StillOpen(snapshotOffset, snapshotCount);
        if (reader < 0)
        {
            return;
        }

        Observed.Fail(Reports.Make(FindingKinds.RcuOracle, "synchronize_rcu", Reports.StrandName(call.Strand),
        [
            new ReportSection("Grace-period guarantee", [
                $"synchronize_rcu returns at step {Observed.Step} while a read-side section open at its call is still open",
                $"grace periods completed: {Observed.Rcu.Completed}"]),
            Reports.Event("synchronize_rcu called", call),
            Reports.ReaderSection("Reader still in its section", reader),
        ]));
    }

    private int StillOpen(int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = Observed.SnapshotStrand(offset, i);
            var st = Observed.Strand(id);
            if (st.SectionOpen && st.SectionSeq == Observed.SnapshotSeq(offset, i) && id != Observed.Current.Id)
            {
                return id;
            }
        }

        return -1;
    }
}
