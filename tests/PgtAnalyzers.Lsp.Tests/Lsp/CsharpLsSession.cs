using System.Diagnostics;
using System.Text.Json.Nodes;
using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Lsp.Tests.Lsp;

/// <summary>
/// csharp-ls (the local tool of <c>.config/dotnet-tools.json</c>) serving one consumer folder, with one
/// document open, as an editor would hold it: initialize with the client's settings, didOpen, then
/// didChange edits, each timed until the server publishes the diagnostics the edit should produce.
/// </summary>
public sealed class CsharpLsSession : IDisposable
{
    public const string ToolName = "csharp-ls";

    private readonly LspConnection _connection;
    private readonly string _uri;
    private int _version = 1;

    private CsharpLsSession(LspConnection connection, string uri, PublishedDiagnostics opened)
    {
        _connection = connection;
        _uri = uri;
        Opened = opened;
    }

    /// <summary>The diagnostics published for the document as opened.</summary>
    public PublishedDiagnostics Opened { get; }

    /// <summary>
    /// Restores the repository's local tools; null when csharp-ls is ready, otherwise why it cannot be had
    /// (no feed, a refused download), for a test to skip with.
    /// </summary>
    public static string? Unavailable(string repositoryRoot)
    {
        var restore = Run(repositoryRoot, TimeSpan.FromMinutes(5), "tool", "restore");
        if (restore.ExitCode != 0)
        {
            return $"`dotnet tool restore` could not install {ToolName} (exit {restore.ExitCode}): {restore.Output.ReplaceLineEndings(" ").Trim()}";
        }

        var version = Run(repositoryRoot, TimeSpan.FromMinutes(1), "tool", "run", ToolName, "--", "--version");
        return version.ExitCode == 0 ? null : $"{ToolName} was restored but does not run (exit {version.ExitCode}): {version.Output.ReplaceLineEndings(" ").Trim()}";
    }

    /// <summary>
    /// Starts csharp-ls from <paramref name="repositoryRoot"/> (where its tool manifest is) on the project in
    /// <paramref name="folder"/>, with analyzers on or off, and opens <paramref name="document"/> with
    /// <paramref name="text"/>; returns once the server published the document's first diagnostics.
    /// </summary>
    public static CsharpLsSession Open(string repositoryRoot, string folder, string document, string text, bool analyzersEnabled, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot };
        foreach (var argument in new[] { "tool", "run", ToolName, "--", "--loglevel", "warning" })
        {
            start.ArgumentList.Add(argument);
        }

        CleanEnvironment(start.Environment);
        // csharp-ls 0.24 and later run analyzers only when the client asks (its setting csharp.analyzersEnabled).
        var settings = new JsonObject { ["analyzersEnabled"] = analyzersEnabled };
        var connection = LspConnection.Start(start, settings);
        try
        {
            var rootUri = new Uri(folder.EndsWith('/') ? folder : folder + "/").AbsoluteUri;
            connection.Request("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = rootUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "consumer" }),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true },
                    ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject() },
                },
                ["initializationOptions"] = new JsonObject { ["csharp"] = settings.DeepClone() },
            }, timeout);
            connection.Notify("initialized", new JsonObject());
            connection.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = settings.DeepClone() } });
            var uri = new Uri(Path.Combine(folder, document)).AbsoluteUri;
            var before = connection.PublishedCount;
            connection.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
            });
            var opened = connection.WaitForPublished(uri, before, _ => true, timeout);
            return new CsharpLsSession(connection, uri, opened);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Replaces the document's text (didChange, full text) and waits for the first publication after it that
    /// <paramref name="expected"/> accepts; returns it and the time from the edit to it.
    /// </summary>
    public (PublishedDiagnostics Diagnostics, TimeSpan Latency) Edit(string text, Func<JsonArray, bool> expected, TimeSpan timeout)
    {
        var before = _connection.PublishedCount;
        var sent = Stopwatch.GetTimestamp();
        _connection.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = _uri, ["version"] = ++_version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });
        var published = _connection.WaitForPublished(_uri, before, expected, timeout);
        return (published, Stopwatch.GetElapsedTime(sent, published.Timestamp));
    }

    /// <summary>The text a hover at (<paramref name="line"/>, <paramref name="character"/>), 0-based, shows in the open document.</summary>
    public string Hover(int line, int character, TimeSpan timeout)
    {
        var result = _connection.Request("textDocument/hover", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = _uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
        }, timeout);
        return result?["contents"] switch
        {
            JsonObject markup => markup["value"]?.GetValue<string>() ?? "",
            JsonArray parts => string.Join("\n", parts.Select(part => part is JsonObject marked ? marked["value"]?.GetValue<string>() : part?.GetValue<string>())),
            JsonValue plain => plain.GetValue<string>(),
            _ => "",
        };
    }

    public void Dispose() => _connection.Dispose();

    private static (int ExitCode, string Output) Run(string directory, TimeSpan timeout, params string[] arguments)
    {
        try
        {
            var result = DotnetCommand.Run(directory, timeout, arguments);
            return (result.ExitCode, result.Output);
        }
        catch (TimeoutException timedOut)
        {
            return (-1, timedOut.Message);
        }
    }

    /// <summary>The test host's MSBuild variables would point csharp-ls's project loading at this repository's build.</summary>
    private static void CleanEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(name);
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
    }
}
