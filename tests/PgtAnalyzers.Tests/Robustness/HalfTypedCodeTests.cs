using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Flow;
using Xunit;
using Xunit.Abstractions;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// Half-typed code (issue 6, item 1): the analyzers see every prefix of the annotated files (cut at token
/// boundaries) and seeded token deletions and duplications, as an editor shows them while someone types,
/// and never throw (no AD0001, no driver exception) or hang. See <see cref="SweepPlan"/> for what CI covers
/// and how to run the full sweep (<c>PGT_SWEEP=full</c>).
/// </summary>
public sealed class HalfTypedCodeTests
{
    /// <summary>One analysis of one member normally takes milliseconds; this is a hang even on a loaded machine.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private const int Workers = 2;

    private readonly ITestOutputHelper _output;

    public HalfTypedCodeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task EveryPrefixAndMutantOfTheAnnotatedCode_NeverThrowsOrHangs()
    {
        var plan = SweepPlan.FromEnvironment();
        var sets = await SweepCorpus.LoadAsync();
        Assert.Contains(sets, set => set.Name == SweepCorpus.ValidCodeFolder);

        // Largest first, two workers pulling from one queue: both cores busy until the end.
        var work = new ConcurrentQueue<WorkItem>(sets
            .SelectMany(set => set.Files.Select(file => new WorkItem(set, file)))
            .OrderByDescending(item => plan.SweepsEveryBoundary(item.Set, item.File) ? item.File.Length : item.File.Length / SweepPlan.SampleEvery)
            .ThenBy(item => item.File.FilePath, StringComparer.Ordinal));
        var failures = new ConcurrentQueue<string>();
        var bodiesPerGroup = new ConcurrentDictionary<string, int>();
        var simulations = Enumerable.Range(0, Workers)
            .Select(_ => (Analyzers: AnalyzerCatalog.CreateAll(), Failures: failures))
            .Select(worker => (worker.Analyzers, Simulation: new EditorSimulation(worker.Analyzers, StepTimeout, worker.Failures)))
            .ToArray();
        var clock = Stopwatch.StartNew();
        var workers = simulations.Select(worker => Task.Run(async () =>
        {
            var rules = worker.Analyzers.Cast<FlowRuleAnalyzer>().ToArray();
            while (work.TryDequeue(out var item))
            {
                var before = rules.Sum(rule => rule.BodiesAnalysed);
                await worker.Simulation.TypeOutAsync(item.Set, item.File, plan.Boundaries(item.Set, item.File));
                await worker.Simulation.MutateAsync(item.Set, item.File, plan.MutantSeed(item.File), plan.Mutants);
                bodiesPerGroup.AddOrUpdate(item.Set.Group, rules.Sum(rule => rule.BodiesAnalysed) - before, (_, sum) => sum + rules.Sum(rule => rule.BodiesAnalysed) - before);
            }
        })).ToArray();

        await Watch(Task.WhenAll(workers), simulations.Select(s => s.Simulation.Clock).ToArray());

        var steps = simulations.Sum(s => s.Simulation.Steps);
        _output.WriteLine($"{(plan.Full ? "full" : "CI")} sweep, seed {plan.Seed}: {steps} analyses of {sets.Sum(s => s.Files.Count)} files in {sets.Count} sets, {clock.Elapsed.TotalSeconds:0.0} s");
        var sorted = failures.OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.True(sorted.Length == 0, $"{sorted.Length} failures, the first ones:\n" + string.Join("\n", sorted.Take(30)));

        // Not vacuous: in every group of sets the flow analysis really ran on the half-typed code.
        Assert.All(sets.Select(set => set.Group).Distinct(), group => Assert.True(bodiesPerGroup.GetValueOrDefault(group) > 0, $"{group}: no body was flow-analysed"));
    }

    /// <summary>Waits for the sweep, failing at once if a step outlives its timeout without being cancelled (a hang in the analyzers).</summary>
    private static async Task Watch(Task sweep, IReadOnlyList<CaseClock> clocks)
    {
        while (await Task.WhenAny(sweep, Task.Delay(TimeSpan.FromSeconds(1))) != sweep)
        {
            foreach (var clock in clocks)
            {
                if (clock.SecondsOnCurrent > 2 * StepTimeout.TotalSeconds && clock.Current is { } stuck)
                {
                    var culprit = stuck.CompilerAloneFinishesWithin(StepTimeout)
                        ? "the analyzers (Roslyn alone binds it in time)"
                        : "Roslyn's own binding, which does not finish without the analyzers either: exclude the input";
                    throw new TimeoutException($"hang: {stuck.Description} has run for {clock.SecondsOnCurrent:0} s; it is in {culprit}");
                }
            }
        }

        await sweep;
    }

    private sealed record WorkItem(SourceSet Set, Microsoft.CodeAnalysis.SyntaxTree File);
}
