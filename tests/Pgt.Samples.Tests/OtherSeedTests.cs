using Pgt.Emulator.Reports;
using Pgt.Samples.Tests.Support;

namespace Pgt.Samples.Tests;

/// <summary>
/// Every sample's declaration holds beyond the default seed: its static rule IDs exactly, and its dynamic
/// verdict with each of <see cref="Seeds.Others"/>: the declared finding kind first, or clean. A buggy
/// scenario keeps the command's execution budget; a clean one gets <see cref="Seeds.CleanBudgetForOtherSeeds"/>.
/// </summary>
[Collection(SamplesCollection.Name)]
public sealed class OtherSeedTests(SampleSuite suite)
{
    [Theory]
    [MemberData(nameof(SampleFileData.All), MemberType = typeof(SampleFileData))]
    public void StaticVerdict_IsExactlyTheDeclaredRules(string file)
    {
        foreach (var scenario in suite.In(file))
        {
            Assert.Equal(scenario.Expected.Rules, suite.StaticRules(scenario));
        }
    }

    [Theory]
    [MemberData(nameof(SampleFileData.All), MemberType = typeof(SampleFileData))]
    public void DynamicVerdict_HoldsWithTwentyOtherSeeds(string file)
    {
        var failures = new List<string>();
        foreach (var scenario in suite.In(file))
        {
            var budget = scenario.Expected.Finding is null ? Seeds.CleanBudgetForOtherSeeds : (int?)null;
            foreach (var seed in Seeds.Others)
            {
                var result = suite.Explore(scenario, seed, budget);
                var found = result.FirstFinding?.Finding.Kind;
                if (found != scenario.Expected.Finding)
                {
                    failures.Add($"{scenario.Name} --seed {seed}: expected {scenario.Expected.DescribeDynamic()}, " +
                        $"got {found ?? "clean"} after {result.Executions} executions" +
                        (result.FirstFinding is { } finding ? $"\n{TextReportWriter.Render(finding)}" : ""));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
