using System.Diagnostics;
using Pgt.Cli.Tests.Checking;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Commands;

/// <summary>
/// --timeout is a budget for the whole run; when it (or Ctrl-C) stops the run, every finding found so far
/// is still reported and its trace written, and the scenarios left unfinished make the exit code 1.
/// </summary>
public sealed class InterruptionTests
{
    // RacyIncrement (Outcomes/) is found at once; ManyIndependentSteps (Robustness/) is clean and, with this
    // many iterations, would run for hours.
    private static readonly string[] Files =
    [
        TestFiles.Scenario("Outcomes/LostUpdate.cs"),
        TestFiles.Scenario("Outcomes/Support"),
        TestFiles.Scenario("Robustness/SlowClean.cs"),
    ];

    [Fact]
    public void Timeout_IsHonouredAndKeepsTheFindingsFoundSoFar()
    {
        using var folder = new TempFolder();
        // The budget covers compiling and analyzing too, which are slow on a loaded 2-core machine.
        var timeout = TimeSpan.FromSeconds(20);

        var result = PgtRunner.Run(["check", "--iterations", "100000000", "--timeout", "20s", "--trace-dir", folder.Path, .. Files]);

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.True(result.Elapsed < timeout + TimeSpan.FromSeconds(5), $"took {result.Elapsed}");
        Assert.Matches(@"^RacyIncrement\s+lost-update\s+clean\s+lost-update\s+.*ok", OutcomeTests.Row(result, "RacyIncrement"));
        Assert.Matches(@"^ManyIndependentSteps\s+clean\s+clean\s+timeout\s+\d+ \(timeout\)\s+-\s+MISMATCH", OutcomeTests.Row(result, "ManyIndependentSteps"));
        Assert.Contains("BUG: EMU: lost-update", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Stopped early: timeout (20.0 s) reached", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("RacyIncrement-lost-update.trace.json")));
    }

    [Fact]
    public void TimeoutDuringCompilation_SaysSoInOneLine()
    {
        var result = PgtRunner.Run(["check", "--timeout", "1ms", .. Files]);

        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Equal(["pgt: timeout (1 ms) reached while compiling and analyzing; no scenario was explored"], result.ErrorLines);
    }

    [Fact]
    public void Interrupt_KeepsTheFindingsFoundSoFar()
    {
        using var folder = new TempFolder();
        using var interrupt = new CancellationTokenSource();
        // Ctrl-C arrives while the slow second scenario is being explored: the progress line says so. The
        // explorer stops between executions and reports how many it ran.
        var stderr = new TriggerWriter("[2/2] ManyIndependentSteps", interrupt.Cancel);
        var stdout = new StringWriter { NewLine = "\n" };

        var exit = Program.Run(
            ["check", "--iterations", "3000", "--trace-dir", folder.Path, .. Files],
            stdout,
            stderr,
            interrupt.Token,
            new TerminalInfo(ShowProgress: true, Width: 120));
        var result = new PgtResult(exit, stdout.ToString(), stderr.ToString(), TimeSpan.Zero);

        Assert.True(interrupt.IsCancellationRequested, result.ToString());
        Assert.Equal(ExitCodes.Mismatch, result.ExitCode);
        Assert.Matches(@"^RacyIncrement\s+lost-update\s+clean\s+lost-update\s+.*ok", OutcomeTests.Row(result, "RacyIncrement"));
        Assert.Matches(@"^ManyIndependentSteps\s+clean\s+clean\s+interrupted\s+\d+ \(interrupted\)\s+-\s+MISMATCH", OutcomeTests.Row(result, "ManyIndependentSteps"));
        Assert.Contains("Stopped early: interrupted", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("BUG: EMU: lost-update", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("RacyIncrement-lost-update.trace.json")));
    }

    [UnixOnlyFact]
    public async Task ChildProcess_CtrlC_StopsTheRunAndStillReports()
    {
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[PgtRunner.Dll, "check", "--iterations", "100000000", "--trace-dir", folder.Path, .. Files])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The first scenario's trace appears once it is explored; the endless second one is then under way.
        var trace = folder.File("RacyIncrement-lost-update.trace.json");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(trace) && clock.Elapsed < TimeSpan.FromSeconds(90) && !process.HasExited)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(trace), "the first scenario was never reported");
        Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        // Generous: a CI machine running other jobs beside this one once needed more than 30 s.
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("pgt did not stop after Ctrl-C");
        }

        var output = await stdout;
        Assert.Equal(ExitCodes.Mismatch, process.ExitCode);
        Assert.Empty(await stderr);
        Assert.Contains("Stopped early: interrupted", output, StringComparison.Ordinal);
        Assert.Contains("BUG: EMU: lost-update", output, StringComparison.Ordinal);
        Assert.Matches(@"\nManyIndependentSteps\s+clean\s+clean\s+interrupted\s", output);
    }

    [Fact]
    public void Progress_IsACarriageReturnLineOnATerminalAndSilentWhenRedirected()
    {
        var terminal = new StringWriter();
        var redirected = new StringWriter();
        string[] args = ["check", "--iterations", "400", TestFiles.Scenario("Robustness/SlowClean.cs")];

        Program.Run(args, new StringWriter(), terminal, CancellationToken.None, new TerminalInfo(ShowProgress: true, Width: 80));
        Program.Run(args, new StringWriter(), redirected, CancellationToken.None, TerminalInfo.None);

        Assert.Matches(@"\r\[1/1\] ManyIndependentSteps: \d+ executions, 0 with findings", terminal.ToString());
        Assert.Empty(redirected.ToString());
    }
}
