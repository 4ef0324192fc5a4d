using System.Runtime.CompilerServices;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Tests.Exploration.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Strands;

/// <summary>How executions start and end: normal ends, daemons, and every way scenario code can misbehave.</summary>
public class StrandLifecycleTests
{
    private static readonly ExplorationOptions Random100 = new() { Strategy = StrategyKind.Random, Seed = 7, MaxExecutions = 100 };

    [Fact]
    public void CleanProgram_RunsEveryExecution_WithoutFinding()
    {
        var finals = new HashSet<string>();
        var scenario = new Scenario("independent-writers", execution =>
        {
            var memory = new SharedWords(execution, 2);
            execution.Spawn("a", () => memory.Write(0, 1));
            execution.Spawn("b", () => memory.Write(1, 2));
            execution.AtEnd(() => finals.Add(memory.Snapshot()));
        });

        var result = Explorer.Explore(scenario, Random100);

        Assert.Null(result.FirstFinding);
        Assert.Equal(100, result.Executions);
        Assert.Equal(StopReason.MaxExecutions, result.StoppedBy);
        Assert.Equal(["1,2"], finals);
    }

    [Fact]
    public void AtEndChecks_RunAfterEveryStrandFinished()
    {
        var seenAtEnd = new List<string>();
        var scenario = new Scenario("at-end", execution =>
        {
            var memory = new SharedWords(execution, 2);
            execution.Spawn("a", () => memory.Write(0, memory.Read(0) + 1));
            execution.Spawn("b", () => memory.Write(1, 5));
            execution.AtEnd(() => seenAtEnd.Add(memory.Snapshot()));
        });

        Explorer.Explore(scenario, Random100 with { MaxExecutions = 20 });

        Assert.Equal(20, seenAtEnd.Count);
        Assert.All(seenAtEnd, state => Assert.Equal("1,5", state));
    }

    [Fact]
    public void LostUpdate_IsFoundByFailInAtEnd()
    {
        var result = Explorer.Explore(Programs.LostUpdate(), Random100);

        Assert.NotNull(result.FirstFinding);
        Assert.Equal("lost-update", result.FirstFinding.Finding.Kind);
        Assert.Equal(StopReason.Finding, result.StoppedBy);
    }

    [Fact]
    public void ExceptionInStrand_IsAFindingNamingTheStrand_AndTheNextRunIsNormal()
    {
        var scenario = new Scenario("throws", execution =>
        {
            var memory = new SharedWords(execution, 1);
            execution.Spawn("thrower", () =>
            {
                memory.Write(0, 1);
                throw new InvalidOperationException("boom");
            });
        });

        var result = Explorer.Explore(scenario, Random100);

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("strand-exception", found.Finding.Kind);
        Assert.Contains("T1 \"thrower\" threw InvalidOperationException: boom", found.Finding.Title);
        Assert.Contains(found.Finding.Sections.SelectMany(s => s.Lines), line => line.Contains(nameof(ExceptionInStrand_IsAFindingNamingTheStrand_AndTheNextRunIsNormal)));
        Assert.Null(Explorer.Explore(Programs.IndependentWriters(), Random100).FirstFinding);
    }

    [Fact]
    public void EndlessLoopWithSchedulingPoints_HitsTheStepBound()
    {
        var scenario = new Scenario("spinner", execution =>
        {
            var memory = new SharedWords(execution, 1);
            execution.Spawn("spinner", () =>
            {
                while (memory.Read(0) == 0)
                {
                }
            });
        });

        var result = Explorer.Explore(scenario, Random100 with { MaxSteps = 500 });

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("step-bound", found.Finding.Kind);
        Assert.Equal(500, found.Schedule.Steps);
        Assert.Contains(found.Finding.Sections.SelectMany(s => s.Lines), line => line.Contains("T1 \"spinner\""));
    }

    [Fact]
    public void LoopWithoutSchedulingPoint_IsAHang_AndTheExplorerStaysUsable()
    {
        var release = new StrongBox<bool>(false);
        var scenario = new Scenario("runaway", execution =>
        {
            var memory = new SharedWords(execution, 1);
            execution.Spawn("runaway", () =>
            {
                memory.Write(0, 1);
                // A busy loop in plain C# that never reaches the emulator again (until the test lets it go).
                while (!Volatile.Read(ref release.Value))
                {
                }

                memory.Write(0, 2);
            });
            execution.Spawn("bystander", () => memory.Read(0));
        });

        try
        {
            var result = Explorer.Explore(scenario, Random100 with { Watchdog = TimeSpan.FromMilliseconds(300) });

            var found = Assert.IsType<FoundFinding>(result.FirstFinding);
            Assert.Equal("hang", found.Finding.Kind);
            Assert.Contains("T1 \"runaway\" reached no scheduling point for 0.3 s", found.Finding.Title);
            Assert.Equal(1, result.Executions);
        }
        finally
        {
            // The abandoned thread comes back, finds its execution over, and ends.
            Volatile.Write(ref release.Value, true);
        }

        Assert.Null(Explorer.Explore(Programs.IndependentWriters(), Random100).FirstFinding);
    }

    [Fact]
    public void StrandWaitingForever_IsADeadlockNamingWhatItWaitsFor()
    {
        var scenario = new Scenario("waits-forever", execution =>
        {
            var never = new Flag(execution, 1);
            execution.Spawn("waiter", never.Wait);
        });

        var result = Explorer.Explore(scenario, Random100);

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("deadlock", found.Finding.Kind);
        var blocked = Assert.Single(found.Finding.Sections).Lines;
        Assert.Equal("T1 \"waiter\" waits for flag#1 before acquire sync#1", Assert.Single(blocked));
    }

    [Fact]
    public void LockOrderInversion_IsADeadlockNamingBothStrands()
    {
        var scenario = new Scenario("abba", execution =>
        {
            var a = new TestLock(execution, 1);
            var b = new TestLock(execution, 2);
            execution.Spawn("ab", () => { a.Lock(); b.Lock(); b.Unlock(); a.Unlock(); });
            execution.Spawn("ba", () => { b.Lock(); a.Lock(); a.Unlock(); b.Unlock(); });
        });

        var result = Explorer.Explore(scenario, new ExplorationOptions { Strategy = StrategyKind.Dfs });

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("deadlock", found.Finding.Kind);
        var blocked = Assert.Single(found.Finding.Sections).Lines;
        Assert.Equal(2, blocked.Count);
        Assert.Contains(blocked, line => line.StartsWith("T1 \"ab\" waits for lock#2", StringComparison.Ordinal));
        Assert.Contains(blocked, line => line.StartsWith("T2 \"ba\" waits for lock#1", StringComparison.Ordinal));
    }

    [Fact]
    public void Fail_EndsTheExecutionAtOnce()
    {
        var after = 0;
        var scenario = new Scenario("fails", execution =>
        {
            var memory = new SharedWords(execution, 1);
            execution.Spawn("checker", () =>
            {
                memory.Write(0, 1);
                execution.Fail(new Finding("test-kind", "BUG: EMU: test finding", [new ReportSection("Detail", ["word 0 was written"])]));
                after++;
            });
        });

        var result = Explorer.Explore(scenario, Random100);

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("test-kind", found.Finding.Kind);
        Assert.Equal(0, after);
        Assert.Equal(found.Schedule.Step, found.Schedule.Steps);
    }

    [Fact]
    public void OnlyBlockedDaemonsLeft_EndsNormally_AndUnwindsThem()
    {
        var unwound = 0;
        var processed = new List<ulong>();
        var scenario = new Scenario("daemon", execution =>
        {
            var memory = new SharedWords(execution, 1);
            var work = new WorkQueue(execution);
            execution.Spawn("worker-daemon", () =>
            {
                try
                {
                    while (true)
                    {
                        work.WaitForItem();
                        memory.Write(0, memory.Read(0) + 1);
                    }
                }
                finally
                {
                    unwound++;
                }
            }, daemon: true);
            execution.Spawn("producer", () => { work.Add(); work.Add(); });
            execution.AtEnd(() => processed.Add(memory.Peek(0)));
        });

        var result = Explorer.Explore(scenario, Random100);

        Assert.Null(result.FirstFinding);
        Assert.Equal(100, unwound);
        Assert.All(processed, count => Assert.Equal(2UL, count));
    }

    [Fact]
    public void DaemonThatSwallowsTheUnwinding_GetsItAgain()
    {
        var scenario = new Scenario("stubborn-daemon", execution =>
        {
            var never = new Flag(execution, 1);
            execution.Spawn("stubborn", () =>
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        never.Wait();
                    }
                    catch (Exception)
                    {
                        // Scenario code that catches everything: the explorer must still get it out.
                    }
                }
            }, daemon: true);
        });

        var result = Explorer.Explore(scenario, Random100 with { MaxExecutions = 10 });

        Assert.Null(result.FirstFinding);
        Assert.Equal(10, result.Executions);
    }

    [Fact]
    public void CallFromAnotherThread_IsReportedNotCorrupting()
    {
        var scenario = new Scenario("rogue-thread", execution =>
        {
            var memory = new SharedWords(execution, 1);
            Exception? seen = null;
            var rogue = new Thread(() =>
            {
                try
                {
                    memory.Write(0, 1);
                }
                catch (InvalidOperationException exception)
                {
                    seen = exception;
                }
            });
            rogue.Start();
            rogue.Join();
            if (seen is not null)
            {
                throw seen;
            }
        });

        var result = Explorer.Explore(scenario, Random100 with { MaxExecutions = 1 });

        var found = Assert.IsType<FoundFinding>(result.FirstFinding);
        Assert.Equal("strand-exception", found.Finding.Kind);
        Assert.Contains("not the running strand", found.Finding.Title);
    }

    /// <summary>Work items a daemon waits for; adding one is a release, taking one an acquire.</summary>
    private sealed class WorkQueue(IExecution execution) : IWaitCondition
    {
        private int _items;

        public bool IsSatisfied => _items > 0;

        public void Add()
        {
            execution.Point(new Operation(OperationKind.Release, Resources.Sync(9)));
            _items++;
        }

        public void WaitForItem()
        {
            execution.WaitUntil(this, new Operation(OperationKind.Acquire, Resources.Sync(9)));
            _items--;
        }

        public override string ToString() => "work item";
    }
}
