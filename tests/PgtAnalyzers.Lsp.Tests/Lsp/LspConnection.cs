using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgtAnalyzers.Lsp.Tests.Lsp;

/// <summary>
/// A minimal Language Server Protocol client over a child's stdio: JSON-RPC messages with Content-Length
/// headers. It answers the server's own requests (<c>workspace/configuration</c> with the settings it was
/// given, anything else with null) and records every <c>textDocument/publishDiagnostics</c>.
/// </summary>
public sealed class LspConnection : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly JsonObject _settings;
    private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = [];
    private readonly List<PublishedDiagnostics> _published = [];
    private readonly object _gate = new();
    private readonly Thread _reader;
    private int _nextId;

    private LspConnection(Process process, JsonObject settings)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _settings = settings;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "lsp-reader" };
        _reader.Start();
    }

    /// <summary>Starts <paramref name="start"/> and speaks LSP to it; <paramref name="settings"/> answer <c>workspace/configuration</c>.</summary>
    public static LspConnection Start(ProcessStartInfo start, JsonObject settings)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new LspConnection(process, settings);
    }

    /// <summary>Sends a request and waits for its result; an LSP error becomes an exception.</summary>
    public JsonNode? Request(string method, JsonNode? parameters, TimeSpan timeout)
    {
        TaskCompletionSource<JsonNode?> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
        {
            id = ++_nextId;
            _pending[id] = answer;
        }

        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        if (!answer.Task.Wait(timeout))
        {
            throw new TimeoutException($"no answer to {method} within {timeout}");
        }

        return answer.Task.Result;
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>
    /// Waits until the server publishes diagnostics for <paramref name="uri"/>, after the
    /// <paramref name="after"/>-th publication, that satisfy <paramref name="accept"/>; returns them.
    /// </summary>
    public PublishedDiagnostics WaitForPublished(string uri, int after, Func<JsonArray, bool> accept, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            lock (_gate)
            {
                var match = _published.Skip(after).FirstOrDefault(entry => entry.Uri == uri && accept(entry.Diagnostics));
                if (match is not null)
                {
                    return match;
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the language server exited with {_process.ExitCode}");
            }
        }

        throw new TimeoutException($"no matching diagnostics for {uri} within {timeout}");
    }

    /// <summary>How many publications arrived so far.</summary>
    public int PublishedCount
    {
        get
        {
            lock (_gate)
            {
                return _published.Count;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Request("shutdown", null, TimeSpan.FromSeconds(10));
                Notify("exit", null);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception exception) when (exception is TimeoutException or IOException or InvalidOperationException or AggregateException)
        {
            // Falls through to the kill: a server that does not stop politely must still stop.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }

    private void Send(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_input)
        {
            _input.Write(header);
            _input.Write(body);
            _input.Flush();
        }
    }

    private void ReadLoop()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (ReadMessage(output) is { } message)
            {
                Dispatch(message);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or JsonException)
        {
            // The server went away; waiters time out or see HasExited.
        }

        lock (_gate)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("the language server closed its output"));
            }

            Monitor.PulseAll(_gate);
        }
    }

    private void Dispatch(JsonObject message)
    {
        var method = message["method"]?.GetValue<string>();
        if (message["id"] is { } id && method is not null)
        {
            // A request of the server's: configuration gets the settings, everything else a null result.
            JsonNode? result = method == "workspace/configuration"
                ? new JsonArray((message["params"]?["items"]?.AsArray() ?? []).Select(_ => (JsonNode?)_settings.DeepClone()).ToArray())
                : null;
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
            return;
        }

        lock (_gate)
        {
            if (method == "textDocument/publishDiagnostics")
            {
                var parameters = message["params"]!;
                _published.Add(new PublishedDiagnostics(
                    parameters["uri"]!.GetValue<string>(),
                    parameters["diagnostics"]?.AsArray() ?? [],
                    Stopwatch.GetTimestamp()));
                Monitor.PulseAll(_gate);
            }
            else if (method is null && message["id"]?.GetValue<int>() is { } responseId && _pending.Remove(responseId, out var waiter))
            {
                if (message["error"] is { } error)
                {
                    waiter.TrySetException(new InvalidOperationException($"LSP error: {error.ToJsonString()}"));
                }
                else
                {
                    waiter.TrySetResult(message["result"]?.DeepClone());
                }
            }
        }
    }

    private static JsonObject? ReadMessage(Stream stream)
    {
        var length = -1;
        while (ReadLine(stream) is { } line)
        {
            if (line.Length == 0)
            {
                if (length < 0)
                {
                    continue;
                }

                var body = new byte[length];
                stream.ReadExactly(body);
                return JsonNode.Parse(body)!.AsObject();
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string? ReadLine(Stream stream)
    {
        var line = new StringBuilder();
        while (true)
        {
            var next = stream.ReadByte();
            if (next < 0)
            {
                return null;
            }

            if (next == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)next);
        }
    }
}

/// <summary>One <c>textDocument/publishDiagnostics</c>, with the time it arrived (a Stopwatch timestamp).</summary>
public sealed record PublishedDiagnostics(string Uri, JsonArray Diagnostics, long Timestamp)
{
    public bool Has(string code) => Diagnostics.Any(diagnostic => diagnostic?["code"]?.GetValue<string>() == code);
}
