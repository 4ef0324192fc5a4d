using Pgt.Emulator.Exploration;
using Pgt.Samples.Tests.Support;

namespace Pgt.Samples.Tests;

/// <summary>
/// The bounded verification mode (`pgt check --strategy dpor --preemption-bound 2`, README "Verification"):
/// it still finds every bug, and it verifies a clean scenario that unbounded DPOR does not exhaust in 5 min.
/// </summary>
[Collection(SamplesCollection.Name)]
public sealed class BoundedDporSampleTests(SampleSuite suite)
{
    private const int Budget = 50_000;
    private const int Bound = 2;

    [Theory]
    [MemberData(nameof(SampleFileData.All), MemberType = typeof(SampleFileData))]
    public void BoundedDpor_ReportsTheDeclaredKindFirst(string file)
    {
        var failures = new List<string>();
        foreach (var scenario in suite.In(file).Where(s => s.Expected.Finding is not null))
        {
            var result = suite.Explore(scenario, seed: 0, Budget, StrategyKind.Dpor, Bound);
            var found = result.FirstFinding?.Finding.Kind;
            if (found != scenario.Expected.Finding)
            {
                failures.Add($"{scenario.Name} --strategy dpor --preemption-bound {Bound}: expected {scenario.Expected.DescribeDynamic()}, " +
                    $"got {found ?? "clean"} after {result.Executions} executions");
            }
            else
            {
                Assert.True(result.FirstFinding!.Schedule.Preemptions <= Bound, $"{scenario.Name}: {result.FirstFinding.Schedule.Preemptions} preemptions");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void C15FixedTwin_IsVerifiedWithinTwoPreemptions()
    {
        var scenario = suite.In("catalogue/15-active-flag-left-at-free/Fixed.cs").Single();

        var result = suite.Explore(scenario, seed: 0, Budget, StrategyKind.Dpor, Bound);

        Assert.Null(result.FirstFinding);
        Assert.True(result.Exhausted, $"{result.Executions} executions, not exhausted");
        Assert.Equal("dpor(pb=2)", result.Strategy);
        Assert.Equal(Bound, result.PreemptionBound);
    }
}
