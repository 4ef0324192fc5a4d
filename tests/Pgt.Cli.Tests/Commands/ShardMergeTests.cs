using System.Text.Json;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Commands;

/// <summary>
/// <c>pgt check --shard i/n</c> and <c>pgt merge</c>: four shards merged give the document one process
/// gives (random/PCT: the 4-worker portfolio, byte for byte; DFS/DPOR: the same split in one shard, byte
/// for byte, and the verdicts of the unsplit run), and bad merge input is one line and exit 2.
/// </summary>
public sealed class ShardMergeTests
{
    private static readonly string[] Scenarios = [TestFiles.Scenario("Outcomes")];

    [Theory]
    [InlineData("pct")]
    [InlineData("random")]
    public void FourRandomizedShards_MergeIntoTheFourWorkerPortfolio(string strategy)
    {
        using var folder = new TempFolder();
        string[] common = ["check", "--format", "json", "--no-static", "--iterations", "200", "--seed", "3", "--strategy", strategy, .. Scenarios];

        var single = PgtRunner.Run([.. common, "--workers", "4"]);
        var merged = MergeShards(folder, common, 4);

        Assert.Equal(single.ExitCode, merged.ExitCode);
        Assert.Equal(single.Stdout, merged.Stdout);
    }

    [Theory]
    [InlineData("dpor")]
    [InlineData("dfs")]
    public void FourSystematicShards_MergeIntoOneShardOfTheSameSplit_AndTheUnsplitVerdicts(string strategy)
    {
        using var folder = new TempFolder();
        string[] common = ["check", "--format", "json", "--no-static", "--iterations", "20000", "--strategy", strategy, .. Scenarios];

        var whole = MergeShards(folder, common, 1);
        var merged = MergeShards(folder, common, 4);
        var unsplit = PgtRunner.Run(common);

        Assert.Equal(whole.Stdout, merged.Stdout);
        Assert.Equal(unsplit.ExitCode, merged.ExitCode);
        Assert.Equal(Verdicts(unsplit.Stdout), Verdicts(merged.Stdout));
        Assert.Contains("\"exhausted\": true", merged.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMergeIsExhausted_OnlyWhereEveryShardIs()
    {
        using var folder = new TempFolder();
        // Three executions per shard: some shards finish their part of a scenario, others do not.
        var files = ShardFiles(folder, ["check", "--format", "json", "--no-static", "--strategy", "dpor", "--iterations", "3", .. Scenarios], 3);
        var shards = files.Select(file => Exhausted(File.ReadAllText(file))).ToList();

        var merged = Exhausted(PgtRunner.Run(["merge", .. files]).Stdout);

        var expected = Enumerable.Range(0, merged.Count).Select(i => shards.All(shard => shard[i])).ToList();
        Assert.Equal(expected, merged);
        Assert.Contains(Enumerable.Range(0, merged.Count), i => shards.Any(shard => shard[i]) && !shards.All(shard => shard[i]));
    }

    [Fact]
    public void AMissingShard_IsBadInput()
    {
        using var folder = new TempFolder();
        var files = ShardFiles(folder, ["check", "--format", "json", "--no-static", "--iterations", "50", .. Scenarios], 3);

        var result = PgtRunner.Run(["merge", files[0], files[2]]);

        AssertBadInput(result, "shard 2/3 is missing");
    }

    [Fact]
    public void ADuplicateShard_IsBadInput()
    {
        using var folder = new TempFolder();
        var files = ShardFiles(folder, ["check", "--format", "json", "--no-static", "--iterations", "50", .. Scenarios], 2);

        var result = PgtRunner.Run(["merge", files[0], files[1], files[1]]);

        AssertBadInput(result, "shard 2/2 is given 2 times");
    }

    [Fact]
    public void ShardsRunWithOtherOptions_AreBadInput()
    {
        using var folder = new TempFolder();
        var first = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", "--shard", "1/2", .. Scenarios]);
        var second = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", "--seed", "9", "--shard", "2/2", .. Scenarios]);

        var result = PgtRunner.Run(["merge", folder.Write("a.json", first.Stdout), folder.Write("b.json", second.Stdout)]);

        AssertBadInput(result, "was run with other options than");
    }

    [Fact]
    public void ShardsOfOtherScenarios_AreBadInput()
    {
        using var folder = new TempFolder();
        var first = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", "--shard", "1/2", .. Scenarios]);
        var second = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", "--shard", "2/2", TestFiles.Scenario("Robustness/Throws.cs")]);

        var result = PgtRunner.Run(["merge", folder.Write("a.json", first.Stdout), folder.Write("b.json", second.Stdout)]);

        AssertBadInput(result, "explored other scenarios than");
    }

    [Fact]
    public void ShardsOfDifferentSplits_AreBadInput()
    {
        using var folder = new TempFolder();
        var first = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", "--shard", "1/2", .. Scenarios]);
        var second = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", "--shard", "2/3", .. Scenarios]);

        var result = PgtRunner.Run(["merge", folder.Write("a.json", first.Stdout), folder.Write("b.json", second.Stdout)]);

        AssertBadInput(result, "they are of different splits");
    }

    [Fact]
    public void AWholeRunsDocument_IsNotAShard()
    {
        using var folder = new TempFolder();
        var whole = PgtRunner.Run(["check", "--format", "json", "--no-static", "--iterations", "50", .. Scenarios]);

        var result = PgtRunner.Run(["merge", folder.Write("whole.json", whole.Stdout)]);

        AssertBadInput(result, "is not a shard's result");
    }

    [Theory]
    [InlineData("{ not json", "is not JSON")]
    [InlineData("{\"schema\": \"pgt-report\"}", "is not a pgt-check version 1 document")]
    public void AFileThatIsNoCheckDocument_IsBadInput(string text, string expected)
    {
        using var folder = new TempFolder();

        var result = PgtRunner.Run(["merge", folder.Write("bad.json", text)]);

        AssertBadInput(result, expected);
    }

    [Fact]
    public void AMissingFile_IsBadInput()
    {
        using var folder = new TempFolder();

        var result = PgtRunner.Run(["merge", folder.File("absent.json")]);

        AssertBadInput(result, "cannot read");
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("x")]
    [InlineData("1/2/3")]
    public void ABadShard_IsBadInput(string shard)
    {
        var result = PgtRunner.Run(["check", "--shard", shard, .. Scenarios]);

        AssertBadInput(result, $"--shard needs i/n with 1 <= i <= n <= 4096, got '{shard}'");
    }

    [Fact]
    public void AShardWithWorkers_IsBadInput()
    {
        var result = PgtRunner.Run(["check", "--shard", "1/2", "--workers", "2", .. Scenarios]);

        AssertBadInput(result, "--shard runs one worker per shard");
    }

    private static PgtResult MergeShards(TempFolder folder, string[] common, int count) =>
        PgtRunner.Run(["merge", .. ShardFiles(folder, common, count)]);

    private static List<string> ShardFiles(TempFolder folder, string[] common, int count)
    {
        var files = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var shard = PgtRunner.Run([.. common, "--shard", $"{i}/{count}"]);
            Assert.True(shard.ExitCode is ExitCodes.Success or ExitCodes.Mismatch, shard.ToString());
            files.Add(folder.Write($"shard-{count}-{i}.json", shard.Stdout));
        }

        return files;
    }

    /// <summary>Per scenario: status, finding kind, exhausted.</summary>
    private static List<string> Verdicts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("scenarios").EnumerateArray().Select(scenario =>
        {
            var dynamic = scenario.GetProperty("dynamic");
            var finding = dynamic.GetProperty("finding");
            var kind = finding.ValueKind == JsonValueKind.Null ? "-" : finding.GetProperty("kind").GetString();
            return $"{scenario.GetProperty("name").GetString()} {dynamic.GetProperty("status").GetString()} {kind} {dynamic.GetProperty("exhausted").GetBoolean()}";
        }).ToList();
    }

    private static List<bool> Exhausted(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("scenarios").EnumerateArray()
            .Select(scenario => scenario.GetProperty("dynamic").GetProperty("exhausted").GetBoolean()).ToList();
    }

    private static void AssertBadInput(PgtResult result, string expected)
    {
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
