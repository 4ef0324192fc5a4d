using System.Reflection;
using Pgt.Cli.Checking;
using Pgt.Cli.CommandLine;
using Pgt.Cli.Compilation;
using Pgt.Cli.Dynamic;
using Pgt.Cli.Static;
using Pgt.Emulator.Exploration;

namespace Pgt.Samples.Tests.Support;

/// <summary>
/// The whole <c>samples/</c> folder compiled and analyzed once, the way <c>pgt check samples</c> does it
/// (the same compiler, context, analyzers and static verdict), so that each scenario can then be explored
/// with any seed without compiling again.
/// </summary>
public sealed class SampleSuite : IDisposable
{
    private readonly ScenarioLoadContext _loadContext;
    private readonly Assembly _assembly;
    private readonly StaticVerdict _verdict;

    public SampleSuite()
    {
        var files = SourceCollector.Collect([SamplesFolder.Path], SamplesFolder.Path);
        var context = ScenarioCompiler.CompileContext(
            ContextSource.Embedded() ?? throw new InvalidOperationException("pgt embeds no port sources"), CancellationToken.None);
        var unit = ScenarioCompiler.CompileScenarios(files, context, CancellationToken.None);
        Scenarios = ScenarioFinder.Find(unit, CancellationToken.None);
        var warnings = new List<string>();
        var own = AnalyzerRunner.Run(unit, warnings, CancellationToken.None);
        var contextDiagnostics = AnalyzerRunner.Run(context, warnings, CancellationToken.None);
        _verdict = StaticVerdict.Build(unit, own, context, contextDiagnostics, CancellationToken.None);
        AnalyzerWarnings = warnings;
        _loadContext = new ScenarioLoadContext([unit.Emit(CancellationToken.None), context.Emit(CancellationToken.None)]);
        _assembly = _loadContext.LoadImage(ScenarioCompiler.ScenarioAssemblyName);
    }

    /// <summary>Every scenario of the folder, in <c>pgt check</c>'s order.</summary>
    public IReadOnlyList<ScenarioDeclaration> Scenarios { get; }

    /// <summary>What the analyzer run warned about (an analyzer that threw, for instance); expected empty.</summary>
    public IReadOnlyList<string> AnalyzerWarnings { get; }

    /// <summary>The scenarios declared in the sample file at <paramref name="relative"/> (to <see cref="SamplesFolder.Path"/>).</summary>
    public IReadOnlyList<ScenarioDeclaration> In(string relative) =>
        Scenarios.Where(scenario => scenario.File.FullPath == SamplesFolder.FullPath(relative)).ToList();

    /// <summary>The rule IDs charged to the scenario's file: its static verdict.</summary>
    public IReadOnlyList<string> StaticRules(ScenarioDeclaration scenario) => _verdict.RulesFor(scenario.File);

    /// <summary>Explores the scenario with the command's default options but <paramref name="seed"/> and <paramref name="executions"/>.</summary>
    public ExplorationResult Explore(ScenarioDeclaration scenario, ulong seed, int? executions = null,
        StrategyKind? strategy = null, int? preemptionBound = null)
    {
        var defaults = new CheckOptions();
        var options = (defaults with
        {
            Seed = seed,
            Iterations = executions ?? defaults.Iterations,
            Strategy = strategy ?? defaults.Strategy,
            PreemptionBound = preemptionBound ?? defaults.PreemptionBound,
        }).ToExplorationOptions(null, null);
        return ExplorationRunner.Run(ScenarioFactory.Create(_assembly, scenario), options, CancellationToken.None)
            ?? throw new InvalidOperationException($"the exploration of {scenario.Name} was abandoned");
    }

    public void Dispose() => _loadContext.Unload();
}
