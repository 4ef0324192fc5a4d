using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>
/// A program with three strands, a lock, a daemon and data choices that always ends with a finding
/// naming its final state, so every execution yields a trace and a report.
/// </summary>
internal static class Recorder
{
    public static Scenario Busy(string name = "busy") => new(name, execution =>
    {
        var memory = new SharedWords(execution, 3);
        var guard = new TestLock(execution, 1);
        var kick = new Flag(execution, 2);
        execution.Spawn("kicker-daemon", () =>
        {
            kick.Wait();
            memory.Write(2, 7);
        }, daemon: true);
        for (var s = 0; s < 2; s++)
        {
            var me = (ulong)s;
            execution.Spawn($"worker{s}", () =>
            {
                if (execution.ChooseBool("take the lock"))
                {
                    guard.Lock();
                    memory.Write(0, memory.Read(0) + 1);
                    guard.Unlock();
                }
                else
                {
                    memory.Write(1, memory.Read(1) + me + (ulong)execution.ChooseInt(3, "amount"));
                }

                if (me == 1)
                {
                    kick.Set();
                }
            });
        }

        execution.AtEnd(() => execution.Fail(new Finding(
            "final-state",
            $"BUG: EMU: final state {memory.Snapshot()}",
            [new ReportSection("Words", [memory.Snapshot()]), new ReportSection("", ["a line without heading"])])));
    });
}
