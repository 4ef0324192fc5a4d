using System.Diagnostics;
using System.Text;

namespace PgtAnalyzers.Package.Tests.Infrastructure;

/// <summary>
/// Runs the `dotnet` CLI as a child process with a timeout. The child gets a clean environment: the
/// MSBuild variables a test host inherits from `dotnet test` would point it at this repository's build, and
/// build servers are disabled so no compiler or MSBuild node outlives the test.
/// </summary>
internal static class DotnetCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static CommandResult Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, DefaultTimeout, arguments);

    public static CommandResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        CleanEnvironment(startInfo.Environment);
        var commandLine = "dotnet " + string.Join(" ", arguments);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout}:{Environment.NewLine}{Snapshot(output)}");
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        return new CommandResult(commandLine, process.ExitCode, Snapshot(output));
    }

    private static string DotnetExecutable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath)
            ? hostPath
            : "dotnet";

    private static void CleanEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(name);
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
