using System.Diagnostics;

namespace Pgt.Cli.Tests.Support;

/// <summary>Runs pgt in-process through <see cref="Program.Run"/>, or as a real child process of the built pgt.dll.</summary>
public static class PgtRunner
{
    /// <summary>The built command, copied beside the tests with its runtimeconfig (heap cap included).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "pgt.dll");

    public static PgtResult Run(params string[] args) => Run(CancellationToken.None, args);

    public static PgtResult Run(CancellationToken interrupt, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var clock = Stopwatch.StartNew();
        var exit = Program.Run(args, stdout, stderr, interrupt);
        return new PgtResult(exit, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    /// <summary>Runs <c>dotnet pgt.dll ARGS</c>; kills it (and fails) if it outlives <paramref name="limit"/>.</summary>
    public static PgtResult Child(IReadOnlyList<string> args, TimeSpan limit, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"pgt {string.Join(' ', args)} did not finish within {limit}: {stderr.Result}");
        }

        process.WaitForExit();
        return new PgtResult(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}
