using System.Globalization;
using Pgt.Cli.CommandLine;
using Pgt.Cli.Compilation;
using Pgt.Cli.Dynamic;
using Pgt.Cli.Output.Html;
using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Traces;
using Pgt.Emulator.Reports;

namespace Pgt.Cli.Commands;

/// <summary>
/// <c>pgt replay TRACE</c>: rebuild the scenario from the files the trace names (its host metadata),
/// run the one recorded schedule, and print the report exactly as <c>pgt check</c> printed it. Exit 0
/// when the recorded finding came back, 1 when it did not (the replay diverged or ended otherwise), 2 for
/// a trace that cannot be used.
/// </summary>
public sealed class ReplayCommand
{
    private readonly ReplayOptions _options;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly string _workingDirectory;

    public ReplayCommand(ReplayOptions options, TextWriter stdout, TextWriter stderr, string? workingDirectory = null)
    {
        this._options = options;
        this._stdout = stdout;
        this._stderr = stderr;
        this._workingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The context code; the embedded port unless a test supplies another.</summary>
    public ContextSource? Context { get; init; } = ContextSource.Embedded();

    public int Run()
    {
        var trace = Load();
        var host = trace.Host ?? throw NotFromCheck();
        if (!host.TryGetValue(TraceHost.TypeKey, out var typeName) || !host.TryGetValue(TraceHost.MethodKey, out var methodName))
        {
            throw NotFromCheck();
        }

        var files = ReadSources(host);
        WarnIfContextChanged(host);
        var context = Context is null ? null : ScenarioCompiler.CompileContext(Context, CancellationToken.None);
        var unit = ScenarioCompiler.CompileScenarios(files, context, CancellationToken.None);
        var declaration = ScenarioFinder.Find(unit, CancellationToken.None)
            .FirstOrDefault(found => found.TypeName == typeName && found.MethodName == methodName)
            ?? throw new BadInputException($"the trace's scenario {typeName}.{methodName} is no longer in its files");
        var images = new List<CompiledImage> { unit.Emit(CancellationToken.None) };
        if (context is not null)
        {
            images.Add(context.Emit(CancellationToken.None));
        }

        var loadContext = new ScenarioLoadContext(images);
        var scenario = ScenarioFactory.Create(loadContext.LoadImage(ScenarioCompiler.ScenarioAssemblyName), declaration) with { Name = trace.Scenario };
        ExecutionResult result;
        try
        {
            result = Explorer.Replay(scenario, trace, Watchdog(host));
        }
        catch (TraceException exception)
        {
            throw new BadInputException(exception.Message, exception);
        }

        if (result.Divergence is { } divergence)
        {
            _stderr.WriteLine($"pgt: warning: {divergence}");
        }

        if (result.Finding is not { } found)
        {
            _stdout.Write(string.Create(CultureInfo.InvariantCulture, $"replay of {trace.Scenario}: no finding in {result.Steps} steps (the trace recorded {trace.FindingKind ?? "none"})\n"));
            Verdict(Invariant($"NOT reproduced: no finding in {result.Steps} steps; the trace recorded {trace.FindingKind ?? "none"}"));
            return ExitCodes.Mismatch;
        }

        _stdout.Write(_options.Format == OutputFormat.Json
            ? JsonReportWriter.Render(found, _options.TracePath)
            : TextReportWriter.Render(found, _options.TracePath));
        if (_options.HtmlPath is { } html)
        {
            WritePage(found, html);
        }

        var reproduced = result.Divergence is null && found.Finding.Kind == trace.FindingKind && found.Finding.Title == trace.FindingTitle;
        if (!reproduced)
        {
            _stderr.WriteLine($"pgt: the replay ended with '{found.Finding.Title}', not the recorded '{trace.FindingTitle ?? "clean end"}'");
        }

        Verdict(reproduced
            ? Invariant($"reproduced: the recorded {found.Finding.Kind} came back at step {result.Steps} of the recorded schedule")
            : Invariant($"NOT reproduced: the replay ended with {found.Finding.Kind}, not the recorded {trace.FindingKind ?? "clean end"}"));
        return reproduced ? ExitCodes.Success : ExitCodes.Mismatch;
    }

    /// <summary>
    /// The one line that says whether the recorded finding came back: after the report on stdout, or on
    /// stderr for JSON so that stdout stays one document.
    /// </summary>
    private void Verdict(string text)
    {
        var line = $"pgt replay: {text}";
        if (_options.Format == OutputFormat.Json)
        {
            _stdout.Flush();
            _stderr.WriteLine(line);
        }
        else
        {
            _stdout.Write(line + "\n");
            _stdout.Flush();
        }
    }

    private void WritePage(FoundFinding found, string html)
    {
        try
        {
            File.WriteAllText(Path.GetFullPath(html, _workingDirectory), HtmlPage.Render(InterleavingPicture.From(found, _options.TracePath)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BadInputException($"cannot write {html}: {exception.Message.ReplaceLineEndings(" ")}", exception);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private Trace Load()
    {
        try
        {
            return TraceFile.Load(Path.GetFullPath(_options.TracePath, _workingDirectory));
        }
        catch (TraceException exception)
        {
            throw new BadInputException(exception.Message.Replace(Path.GetFullPath(_options.TracePath, _workingDirectory), _options.TracePath, StringComparison.Ordinal), exception);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new BadInputException($"'{_options.TracePath}' is not a valid path", exception);
        }
    }

    private BadInputException NotFromCheck() =>
        new($"{_options.TracePath} names no scenario source: replay needs a trace written by pgt check --trace-dir");

    private List<SourceFile> ReadSources(IReadOnlyDictionary<string, string> host)
    {
        var files = new List<SourceFile>();
        foreach (var (key, hash) in host.Where(entry => entry.Key.StartsWith(TraceHost.SourcePrefix, StringComparison.Ordinal)).OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var path = key[TraceHost.SourcePrefix.Length..];
            if (!File.Exists(path))
            {
                throw new BadInputException($"the trace's source file {path} does not exist any more");
            }

            var file = SourceCollector.Read(path, _workingDirectory, isExplicit: false);
            if (TraceHost.Hash(file.Text) != hash)
            {
                _stderr.WriteLine($"pgt: warning: {file.DisplayPath} changed since the trace was recorded; the replay may diverge");
            }

            files.Add(file);
        }

        return files.Count > 0 ? files : throw NotFromCheck();
    }

    private void WarnIfContextChanged(IReadOnlyDictionary<string, string> host)
    {
        host.TryGetValue(TraceHost.ContextKey, out var recorded);
        var current = Context is null ? null : TraceHost.Hash(Context);
        if (recorded != current)
        {
            _stderr.WriteLine("pgt: warning: the port changed since the trace was recorded; the replay may diverge");
        }
    }

    private TimeSpan Watchdog(IReadOnlyDictionary<string, string> host)
    {
        if (_options.Watchdog > TimeSpan.Zero)
        {
            return _options.Watchdog;
        }

        return host.TryGetValue(TraceHost.WatchdogKey, out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : new ExplorationOptions().Watchdog;
    }
}
