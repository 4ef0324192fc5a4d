using System.Diagnostics;
using System.Globalization;
using Pgt.Cli.Checking;
using Pgt.Cli.CommandLine;
using Pgt.Cli.Compilation;
using Pgt.Cli.Dynamic;
using Pgt.Cli.Output;
using Pgt.Cli.Output.Html;
using Pgt.Cli.Static;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Traces;

namespace Pgt.Cli.Commands;

/// <summary>
/// <c>pgt check</c>: collect the files, compile them (and the port, as context), find the scenarios, run
/// the analyzers (static verdict), explore every scenario (dynamic verdict), write a trace per finding,
/// then print the outcome in the chosen format. The run's timeout and Ctrl-C stop it between (or inside)
/// explorations; whatever was found by then is still reported and its trace written.
/// </summary>
public sealed class CheckCommand
{
    private readonly CheckOptions _options;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly CancellationToken _interrupt;
    private readonly ProgressLine _progress;
    private readonly int _tableWidth;
    private readonly string _workingDirectory;
    private readonly long _started = Stopwatch.GetTimestamp();

    public CheckCommand(CheckOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo terminal, CancellationToken interrupt, string? workingDirectory = null)
    {
        this._options = options;
        this._stdout = stdout;
        this._stderr = stderr;
        this._interrupt = interrupt;
        _progress = new ProgressLine(stderr, terminal);
        _tableWidth = options.Width ?? terminal.OutputWidth;
        this._workingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The context code charged to scenarios; the embedded port unless a test supplies another.</summary>
    public ContextSource? Context { get; init; } = ContextSource.Embedded();

    public int Run()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
        if (_options.Timeout is { } timeout)
        {
            stop.CancelAfter(timeout);
        }

        var files = SourceCollector.Collect(_options.Paths, _workingDirectory);
        var traceDirectory = PrepareDirectory(_options.TraceDirectory, "trace");
        var htmlDirectory = PrepareDirectory(_options.HtmlDirectory, "HTML");
        var warnings = new List<string>();
        CodeUnit? context;
        CodeUnit unit;
        IReadOnlyList<ScenarioDeclaration> scenarios;
        StaticVerdict? verdict = null;
        try
        {
            _progress.Show($"compiling {files.Count} file(s)...");
            context = Context is null ? null : ScenarioCompiler.CompileContext(Context, stop.Token);
            unit = ScenarioCompiler.CompileScenarios(files, context, stop.Token);
            scenarios = ScenarioFinder.Find(unit, stop.Token);
            if (_options.RunStatic)
            {
                _progress.Show($"analyzing {files.Count} file(s)...");
                var ownSkipped = new List<SkippedBodies>();
                var contextSkipped = new List<SkippedBodies>();
                var own = AnalyzerRunner.Run(unit, warnings, ownSkipped, stop.Token);
                var contextDiagnostics = context is null ? [] : AnalyzerRunner.Run(context, warnings, contextSkipped, stop.Token);
                verdict = StaticVerdict.Build(unit, own, context, contextDiagnostics, stop.Token, ownSkipped, contextSkipped);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _stderr.WriteLine($"pgt: {StopReason()} while compiling and analyzing; no scenario was explored");
            return ExitCodes.Mismatch;
        }
        finally
        {
            _progress.Clear();
        }

        foreach (var warning in warnings.Distinct(StringComparer.Ordinal))
        {
            _stderr.WriteLine($"pgt: warning: {warning}");
        }

        var results = _options.RunDynamic
            ? Explore(unit, files, scenarios, verdict, traceDirectory, htmlDirectory, stop.Token)
            : scenarios.Select(scenario => Result(scenario, verdict, new DynamicResult(DynamicStatus.Skipped, null, null))).ToList();
        // Only a scenario left unfinished makes the run "stopped", not a deadline that passed after the last one.
        var stopped = results.Any(result => result.Dynamic.Status is DynamicStatus.NotRun or DynamicStatus.Interrupted or DynamicStatus.TimedOut)
            ? StopReason()
            : null;
        var report = new CheckReport(_options, unit.Files.Select(entry => entry.File.DisplayPath).ToList(), results, verdict?.All, stopped, verdict?.AllSkipped);
        _stdout.Write(_options.Format switch
        {
            OutputFormat.Json => JsonOutput.Render(report),
            OutputFormat.Sarif => SarifOutput.Render(report, AnalyzerRunner.SupportedRules(), KnownFiles(files)),
            _ => TextOutput.Render(report, _tableWidth),
        });
        _stdout.Flush();
        return report.ExitCode;
    }

    private List<ScenarioResult> Explore(
        CodeUnit unit,
        IReadOnlyList<SourceFile> files,
        IReadOnlyList<ScenarioDeclaration> scenarios,
        StaticVerdict? verdict,
        string? traceDirectory,
        string? htmlDirectory,
        CancellationToken stop)
    {
        var images = new List<CompiledImage>();
        try
        {
            images.Add(unit.Emit(stop));
            if (unit.Context is { } context)
            {
                images.Add(context.Emit(stop));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return scenarios.Select(scenario => Result(scenario, verdict, new DynamicResult(DynamicStatus.NotRun, null, null))).ToList();
        }

        var loadContext = new ScenarioLoadContext(images);
        var assembly = loadContext.LoadImage(ScenarioCompiler.ScenarioAssemblyName);
        var results = new List<ScenarioResult>();
        for (var i = 0; i < scenarios.Count; i++)
        {
            var declaration = scenarios[i];
            if (stop.IsCancellationRequested)
            {
                results.Add(Result(declaration, verdict, new DynamicResult(DynamicStatus.NotRun, null, null)));
                continue;
            }

            var scenario = ScenarioFactory.Create(assembly, declaration);
            var exploration = ExplorationRunner.Run(
                scenario,
                _options.ToExplorationOptions(TimeLeft(), _progress.For(declaration.Name, i + 1, scenarios.Count)),
                stop);
            _progress.Clear();
            var dynamic = Classify(exploration);
            if (dynamic.Finding is { } found && traceDirectory is not null)
            {
                dynamic = dynamic with { TracePath = SaveTrace(found, declaration, files, traceDirectory) };
            }

            if (dynamic.Finding is { } pictured && htmlDirectory is not null)
            {
                SavePage(pictured, declaration, dynamic.TracePath, htmlDirectory);
            }

            results.Add(Result(declaration, verdict, dynamic));
        }

        // Unload what can be unloaded; a runaway strand abandoned by the watchdog keeps its assembly alive.
        loadContext.Unload();
        return results;
    }

    private static ScenarioResult Result(ScenarioDeclaration scenario, StaticVerdict? verdict, DynamicResult dynamic) =>
        new(scenario, verdict?.RulesFor(scenario.File), dynamic, verdict?.For(scenario.File), verdict?.SkippedFor(scenario.File));

    /// <summary>An abandoned exploration (null) or a cancelled one without a finding was interrupted; a finding found before the stop is still reported.</summary>
    private DynamicResult Classify(ExplorationResult? exploration) =>
        exploration is null ? new DynamicResult(DynamicStatus.Interrupted, null, null)
        : exploration.FirstFinding is not null ? new DynamicResult(DynamicStatus.Finding, exploration, null)
        : exploration.StoppedBy == Emulator.Exploration.StopReason.Cancelled && _interrupt.IsCancellationRequested
            ? new DynamicResult(DynamicStatus.Interrupted, exploration, null)
        : exploration.StoppedBy is Emulator.Exploration.StopReason.Timeout or Emulator.Exploration.StopReason.Cancelled
            ? new DynamicResult(DynamicStatus.TimedOut, exploration, null)
        : new DynamicResult(DynamicStatus.Clean, exploration, null);

    private string? SaveTrace(FoundFinding found, ScenarioDeclaration declaration, IReadOnlyList<SourceFile> files, string traceDirectory)
    {
        var shown = Path.Join(_options.TraceDirectory, TraceNames.FileName(declaration.Name, found.Finding.Kind));
        var trace = found.Trace with { Host = TraceHost.Describe(declaration, files, Context, _options.Watchdog) };
        try
        {
            TraceFile.Save(trace, Path.Join(traceDirectory, TraceNames.FileName(declaration.Name, found.Finding.Kind)));
            return shown;
        }
        catch (TraceException exception)
        {
            _stderr.WriteLine($"pgt: warning: {exception.Message}");
            return null;
        }
    }

    private void SavePage(FoundFinding found, ScenarioDeclaration declaration, string? tracePath, string htmlDirectory)
    {
        var path = Path.Join(htmlDirectory, TraceNames.PageName(declaration.Name, found.Finding.Kind));
        try
        {
            File.WriteAllText(path, HtmlPage.Render(InterleavingPicture.From(found, tracePath)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _stderr.WriteLine($"pgt: warning: cannot write {path}: {exception.Message.ReplaceLineEndings(" ")}");
        }
    }

    private string? PrepareDirectory(string? directory, string what)
    {
        if (directory is null)
        {
            return null;
        }

        try
        {
            return Directory.CreateDirectory(Path.GetFullPath(directory, _workingDirectory)).FullName;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BadInputException($"cannot create the {what} folder {directory}: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }
    }

    private TimeSpan? TimeLeft()
    {
        if (_options.Timeout is not { } timeout)
        {
            return null;
        }

        var left = timeout - Stopwatch.GetElapsedTime(_started);
        return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }

    private string StopReason() =>
        _interrupt.IsCancellationRequested
            ? "interrupted"
            : string.Create(CultureInfo.InvariantCulture, $"timeout ({SummaryTable.DescribeDuration(_options.Timeout ?? TimeSpan.Zero)}) reached");

    private IReadOnlyCollection<string> KnownFiles(IReadOnlyList<SourceFile> files) =>
        files.Select(file => file.DisplayPath).Concat(Context?.Files.Select(file => file.DisplayPath) ?? []).ToList();
}
