using System.Diagnostics;

namespace Pgt.Benchmarks.Tests;

/// <summary>Runs the benchmark program from this test's output folder, as a user runs it, in a child process.</summary>
internal static class BenchmarkProcess
{
    public static (int ExitCode, string Output, string Error) Run(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            // The SDK sets DOTNET_HOST_PATH for test runs; a plain "dotnet" from PATH otherwise.
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pgt.Benchmarks.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the benchmark program");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the benchmark program did not finish within {timeout}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
