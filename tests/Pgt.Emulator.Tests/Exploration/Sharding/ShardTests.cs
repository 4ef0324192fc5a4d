using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Scenarios;
using Pgt.Emulator.Tests.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration.Sharding;

/// <summary>
/// Shards of DFS and DPOR: n shards together run exactly what one shard of the same split runs (units
/// partitioned), report every finding kind the unsplit search reports, and exhaust where it does.
/// </summary>
public class ShardTests
{
    public static TheoryData<string> Programs => new()
    {
        "a-bit-after-detach",
        "store-after-deferred-free",
        "concurrent-call-rcu",
        "call-rcu-on-listed-page",
        "callback-takes-lock-with-bh",
        "callback-locks-torn-down-mm",
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void FourDporShards_FindTheKindsOfTheUnsplitSearch_AndPartitionOneShardsUnits(string program)
    {
        var options = KernelRuns.Dpor(20_000) with { StopAtFirstFinding = false };
        var unsplit = KernelRuns.Explore(DporDifferentialTests.Program(program), options, name: program);
        var whole = KernelRuns.Explore(DporDifferentialTests.Program(program), options with { Shard = new ExplorationShard(0, 1) }, name: program);
        var shards = Enumerable.Range(0, 4)
            .Select(i => KernelRuns.Explore(DporDifferentialTests.Program(program), options with { Shard = new ExplorationShard(i, 4) }, name: program))
            .ToList();

        Assert.True(unsplit.Exhausted);
        Assert.All(shards, shard => Assert.True(shard.Exhausted));
        Assert.Equal(Kinds(unsplit), new SortedSet<string>(shards.SelectMany(Kinds), StringComparer.Ordinal));
        Assert.Equal(whole.Executions, shards.Sum(shard => shard.Executions));
        Assert.Equal(whole.Units, shards.SelectMany(shard => shard.Units).OrderBy(unit => unit.Unit));
    }

    [Fact]
    public void TheCanonicalScenario_IsExhaustedByFourDporShards()
    {
        var scenario = GupFastVsRetract.Create(RetractFree.Deferred);
        var shards = Enumerable.Range(0, 4)
            .Select(i => Explorer.Explore(scenario, KernelRuns.Dpor(50_000) with { Shard = new ExplorationShard(i, 4) }))
            .ToList();

        Assert.All(shards, shard => Assert.True(shard.Exhausted && shard.FirstFinding is null));
        Assert.True(shards.Count(shard => shard.Executions > 1) >= 2, "the split gives work to more than one shard");
    }

    [Fact]
    public void TheImmediateFree_IsFoundByTheShardThatOwnsIt_AndTheMergeNamesIt()
    {
        var scenario = GupFastVsRetract.Create(RetractFree.Immediate);
        var shards = Enumerable.Range(0, 4)
            .Select(i => Explorer.Explore(scenario, KernelRuns.Dpor(50_000) with { Shard = new ExplorationShard(i, 4) }))
            .ToList();

        var merged = ShardMerge.Merge(shards.Select(shard => ShardOutcome.From(shard, systematic: true)).ToList());

        var winner = Assert.IsType<int>(merged.Winner);
        Assert.Equal(FindingKinds.UseAfterFree, shards[winner].FirstFinding!.Finding.Kind);
        Assert.Equal(StopReason.Finding, merged.StoppedBy);
        Assert.False(merged.Exhausted);
    }

    [Fact]
    public void DfsShards_PartitionOneShardsExecutions()
    {
        var program = DporDifferentialTests.Program("store-after-deferred-free");
        var options = KernelRuns.Dfs(20_000) with { StopAtFirstFinding = false };
        var whole = KernelRuns.Explore(program, options with { Shard = new ExplorationShard(0, 1) }, name: "dfs-shards");
        var shards = Enumerable.Range(0, 3)
            .Select(i => KernelRuns.Explore(program, options with { Shard = new ExplorationShard(i, 3) }, name: "dfs-shards"))
            .ToList();
        var unsplit = KernelRuns.Explore(program, options, name: "dfs-shards");

        Assert.Equal(unsplit.Executions, whole.Executions); // DFS takes every choice anyway: the split adds nothing
        Assert.Equal(whole.Executions, shards.Sum(shard => shard.Executions));
        Assert.Equal(Kinds(unsplit), new SortedSet<string>(shards.SelectMany(Kinds), StringComparer.Ordinal));
    }

    private static SortedSet<string> Kinds(ExplorationResult result) =>
        new(result.Findings.Select(found => found.Finding.Kind), StringComparer.Ordinal);
}
