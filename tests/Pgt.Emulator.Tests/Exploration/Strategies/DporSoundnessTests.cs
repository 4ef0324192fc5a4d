using Pgt.Emulator.Exploration;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;
using Xunit.Abstractions;

namespace Pgt.Emulator.Tests.Exploration.Strategies;

/// <summary>
/// DPOR must reach every final state that the full search (plain DFS: no sleep sets, no bound) reaches,
/// and with fewer executions.
/// </summary>
public class DporSoundnessTests(ITestOutputHelper output)
{
    private static readonly int Seeds = int.TryParse(Environment.GetEnvironmentVariable("PGT_DPOR_SEEDS"), out var seeds) ? seeds : 100;

    public static TheoryData<string> HandWritten => new(HandWrittenPrograms.Keys);

    private static readonly Dictionary<string, Func<Action<string>, Scenario>> HandWrittenPrograms = new()
    {
        ["write-read race on one word"] = report => new("race", execution =>
        {
            var memory = new SharedWords(execution, 1);
            ulong seen = 99;
            execution.Spawn("writer", () => { memory.Write(0, 1); memory.Write(0, 2); });
            execution.Spawn("reader", () => seen = memory.Read(0));
            execution.AtEnd(() => report($"{memory.Snapshot()} seen={seen}"));
        }),
        ["store buffering"] = report => new("sb", execution =>
        {
            var memory = new SharedWords(execution, 2);
            ulong r1 = 9, r2 = 9;
            execution.Spawn("a", () => { memory.Write(0, 1); r1 = memory.Read(1); });
            execution.Spawn("b", () => { memory.Write(1, 1); r2 = memory.Read(0); });
            execution.AtEnd(() => report($"r1={r1} r2={r2}"));
        }),
        ["independent words"] = report => new("independent", execution =>
        {
            var memory = new SharedWords(execution, 2);
            for (var s = 0; s < 2; s++)
            {
                var word = s;
                execution.Spawn($"w{s}", () => { memory.Write(word, 1); memory.Write(word, memory.Read(word) + 1); });
            }

            execution.AtEnd(() => report(memory.Snapshot()));
        }),
        ["lock-protected counter with an unlocked writer"] = report => new("locked", execution =>
        {
            var memory = new SharedWords(execution, 2);
            var guard = new TestLock(execution, 1);
            var seen = new ulong[2];
            execution.Spawn("locked", () =>
            {
                guard.Lock();
                seen[0] = memory.Read(0);
                memory.Write(1, seen[0]);
                guard.Unlock();
            });
            execution.Spawn("racer", () =>
            {
                memory.Write(0, 5);
                guard.Lock();
                seen[1] = memory.Read(1);
                guard.Unlock();
            });
            execution.AtEnd(() => report($"{memory.Snapshot()} seen={string.Join(",", seen)}"));
        }),
        ["three strands, race-heavy"] = report => new("three", execution =>
        {
            var memory = new SharedWords(execution, 1);
            var seen = new ulong[3];
            for (var s = 0; s < 2; s++)
            {
                var me = s;
                execution.Spawn($"t{s}", () =>
                {
                    seen[me] = memory.Read(0);
                    memory.Write(0, (ulong)me + 1);
                });
            }

            execution.Spawn("t2", () => memory.Write(0, 3));
            execution.AtEnd(() => report($"{memory.Snapshot()} seen={string.Join(",", seen)}"));
        }),
        ["data choice decides which word is written"] = report => new("choice", execution =>
        {
            var memory = new SharedWords(execution, 2);
            ulong x = 9, y = 9;
            execution.Spawn("chooser", () => memory.Write(execution.ChooseBool("which word") ? 1 : 0, 5));
            execution.Spawn("reader", () => { x = memory.Read(0); y = memory.Read(1); });
            execution.AtEnd(() => report($"x={x} y={y}"));
        }),
        ["signal then data (message passing with a wait)"] = report => new("mp", execution =>
        {
            var memory = new SharedWords(execution, 2);
            var ready = new Flag(execution, 2);
            ulong seen = 9, early = 9;
            execution.Spawn("producer", () => { memory.Write(0, 42); ready.Set(); memory.Write(1, 7); });
            execution.Spawn("consumer", () => { early = memory.Read(1); ready.Wait(); seen = memory.Read(0); });
            execution.AtEnd(() => report($"seen={seen} early={early} {memory.Snapshot()}"));
        }),
        ["daemon woken by two releases"] = report => new("daemon-wakeups", execution =>
        {
            var memory = new SharedWords(execution, 1);
            var queue = new Counter(execution, 3);
            var batches = new List<int>();
            execution.Spawn("consumer", () =>
            {
                while (true)
                {
                    batches.Add(queue.TakeAll());
                    memory.Write(0, memory.Read(0) + 1);
                }
            }, daemon: true);
            execution.Spawn("producer", () => { queue.Add(); queue.Add(); });
            execution.AtEnd(() => report(string.Join(",", batches)));
        }),
    };

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void Dpor_ReachesEveryFinalStateOfPlainDfs_WithFewerExecutions(string name)
    {
        var program = HandWrittenPrograms[name];

        var (dfsStates, dfs) = FinalStates.Collect(program, FinalStates.PlainDfs);
        var (dporStates, dpor) = FinalStates.Collect(program, FinalStates.Dpor);

        output.WriteLine($"{name}: plain DFS {dfs.Executions} executions, {dfsStates.Count} states; DPOR {dpor.Executions} executions, {dporStates.Count} states");
        Assert.True(dfs.Exhausted);
        Assert.True(dpor.Exhausted);
        Assert.Equal(dfsStates.Order(), dporStates.Order());
        Assert.True(dpor.Executions < dfs.Executions, $"DPOR ran {dpor.Executions} executions, plain DFS {dfs.Executions}");
    }

    [Fact]
    public void Dpor_OnRandomPrograms_ReachesEveryFinalStateOfPlainDfs()
    {
        // Plain DFS is exponential: programs it cannot finish within this budget are skipped.
        var budget = FinalStates.PlainDfs with { MaxExecutions = 3_000 };
        long dfsTotal = 0, dporTotal = 0;
        var checkedPrograms = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var program = new RandomProgram(seed, strandCount: seed % 4 == 0 ? 3 : 2, length: seed % 4 == 0 ? 2 : 3, words: 2, flags: seed % 2 == 1);

            var (dfsStates, dfs) = FinalStates.Collect(program.Build, budget);
            if (!dfs.Exhausted)
            {
                continue;
            }

            var (dporStates, dpor) = FinalStates.Collect(program.Build, FinalStates.Dpor);

            Assert.True(dpor.Exhausted, $"seed {seed}: {program}");
            Assert.True(dfsStates.SetEquals(dporStates),
                $"seed {seed}: {program}\nmissed by DPOR: {string.Join(" ; ", dfsStates.Except(dporStates))}");
            Assert.True(dpor.Executions <= dfs.Executions, $"seed {seed}: {program}");
            dfsTotal += dfs.Executions;
            dporTotal += dpor.Executions;
            checkedPrograms++;
        }

        output.WriteLine($"{checkedPrograms} of {Seeds} random programs checked: plain DFS {dfsTotal} executions, DPOR {dporTotal}");
        Assert.True(checkedPrograms >= Seeds / 2, $"only {checkedPrograms} programs were small enough");
        Assert.True(dporTotal * 10 < dfsTotal);
    }

    /// <summary>Items a daemon takes in batches; adding is a release, taking an acquire.</summary>
    private sealed class Counter(IExecution execution, int id) : IWaitCondition
    {
        private int _items;

        public bool IsSatisfied => _items > 0;

        public void Add()
        {
            execution.Point(new Operation(OperationKind.Release, Resources.Sync(id)));
            _items++;
        }

        public int TakeAll()
        {
            execution.WaitUntil(this, new Operation(OperationKind.Acquire, Resources.Sync(id)));
            var taken = _items;
            _items = 0;
            return taken;
        }

        public override string ToString() => $"items#{id}";
    }
}
