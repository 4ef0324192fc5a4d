using System.Diagnostics;
using System.Text.Json;

namespace Pgt.Benchmarks.Measurement;

/// <summary>
/// Runs one measurement in a fresh process of this same program (<c>--child ...</c>), so that its peak
/// memory, JIT state and heap belong to that configuration alone. The child prints its result as one JSON
/// line; anything it writes to stderr is passed on when it fails.
/// </summary>
internal static class ChildProcess
{
    public const string Flag = "--child";

    public static T Run<T>(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Started through the dotnet host (dotnet Pgt.Benchmarks.dll, or a test host): name the assembly.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        start.ArgumentList.Add(Flag);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a benchmark child process");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (process.ExitCode != 0 || lastLine is null)
        {
            var why = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
            throw new InvalidOperationException($"benchmark child '{string.Join(' ', arguments)}' failed: {why}");
        }

        return JsonSerializer.Deserialize<T>(lastLine) ?? throw new InvalidOperationException("a benchmark child printed no result");
    }

    /// <summary>In the child: prints the result as the last line of standard output.</summary>
    public static void Reply<T>(T result, TextWriter output) => output.WriteLine(JsonSerializer.Serialize(result));
}
