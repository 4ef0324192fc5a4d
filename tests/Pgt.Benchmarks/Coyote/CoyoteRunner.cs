using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;
using Pgt.Emulator.Exploration;

namespace Pgt.Benchmarks.Coyote;

/// <summary>Runs an emulator scenario under Coyote's in-process <c>TestingEngine</c>.</summary>
internal static class CoyoteRunner
{
    /// <param name="scenario">The scenario, exactly as the explorer runs it.</param>
    /// <param name="strategy">Coyote's default portfolio or its PCT.</param>
    /// <param name="seed">Coyote's random seed.</param>
    /// <param name="iterations">Iterations at most.</param>
    /// <param name="maxSteps">Coyote's scheduling-step bound per iteration.</param>
    /// <param name="stopAtFirstBug">Stop at the first failing iteration (Coyote's default), or run them all.</param>
    public static CoyoteRunResult Run(Scenario scenario, CoyoteStrategy strategy, uint seed, int iterations, int maxSteps, bool stopAtFirstBug)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var configuration = Configuration.Create()
            .WithTestingIterations((uint)iterations)
            .WithRandomGeneratorSeed(seed)
            .WithMaxSchedulingSteps((uint)maxSteps)
            .WithVerbosityEnabled(VerbosityLevel.None)
            .WithConsoleLoggingEnabled(false)
            .WithTelemetryEnabled(false)
            .WithTestIterationsRunToCompletion(!stopAtFirstBug);
        if (strategy == CoyoteStrategy.Pct)
        {
            configuration = configuration.WithPrioritizationStrategy();
        }

        var tally = new CoyoteTally();
        var stopwatch = Stopwatch.StartNew();
        using (var engine = TestingEngine.Create(configuration, () => CoyoteExecution.RunIteration(scenario, tally)))
        {
            // The engine logs its progress to the console whatever the verbosity; the benchmark prints tables only.
            using var silent = new TextWriterLogger(TextWriter.Null, VerbosityLevel.None);
            engine.SetLogger(silent);
            engine.Run();
            stopwatch.Stop();
            var report = engine.TestReport;
            return new CoyoteRunResult(
                tally.Iterations,
                tally.Steps,
                report.TotalExploredFairSteps + report.TotalExploredUnfairSteps,
                report.NumOfFoundBugs > 0,
                tally.FirstFindingKind,
                stopwatch.Elapsed);
        }
    }
}
