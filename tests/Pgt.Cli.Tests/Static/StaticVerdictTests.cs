using Microsoft.CodeAnalysis;
using Pgt.Cli.CommandLine;
using Pgt.Cli.Commands;
using Pgt.Cli.Compilation;
using Pgt.Cli.Static;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Static;

/// <summary>
/// A scenario's static verdict includes the diagnostics of the context code (the port) it uses, charged
/// per top-level type. Checked with a fake port of three designs instead of the real one.
/// </summary>
public sealed class StaticVerdictTests
{
    private static readonly ContextSource FakePort = new("FakePort",
    [
        Context("src/FakePort/Support.cs", """
            using PgtAnalyzers.Annotations;
            namespace FakePort;
            public sealed class Table
            {
                private readonly ulong[] entries = new ulong[4];
                public ulong this[int index] { get => entries[index]; set => entries[index] = value; }
            }
            public static class Rcu
            {
                public static void PteFreeDefer([DeferredFree] Table table) { }
            }
            """),
        Context("src/FakePort/BuggyDesign.cs", """
            namespace FakePort;
            public static class BuggyDesign
            {
                public static void Retract(Table table)
                {
                    Rcu.PteFreeDefer(table);
                    table[0] = 0x400;
                }
            }
            """),
        Context("src/FakePort/CleanDesign.cs", """
            namespace FakePort;
            public static class CleanDesign
            {
                public static void Retract(Table table)
                {
                    table[0] = 0x400;
                    Rcu.PteFreeDefer(table);
                }
            }
            """),
        Context("src/FakePort/Extensions.cs", """
            namespace FakePort;
            public static class BuggyExtensions
            {
                public static void RetractTwice(this Table table)
                {
                    Rcu.PteFreeDefer(table);
                    Rcu.PteFreeDefer(table);
                }
            }
            public static class UnusedBuggy
            {
                public static void Retract(Table table)
                {
                    Rcu.PteFreeDefer(table);
                    table[3] = 1;
                }
            }
            """),
    ]);

    private const string UsesBuggy = """
        using FakePort;
        using Pgt.Emulator.Exploration;
        using Pgt.Emulator.Scenarios;
        public static class UsesBuggy
        {
            [Scenario("retracts with the buggy design", ExpectRules = new[] { "PGT001" })]
            public static void BuggyRetract(IExecution execution) => BuggyDesign.Retract(new Table());
        }
        """;

    private const string UsesClean = """
        using FakePort;
        using Pgt.Emulator.Exploration;
        using Pgt.Emulator.Scenarios;
        public static class UsesClean
        {
            [Scenario("retracts with the clean design")]
            public static void CleanRetract(IExecution execution) => CleanDesign.Retract(new Table());
        }
        """;

    private const string UsesExtension = """
        using FakePort;
        using Pgt.Emulator.Exploration;
        using Pgt.Emulator.Scenarios;
        public static class UsesExtension
        {
            [Scenario("retracts twice through an extension method", ExpectRules = new[] { "PGT004" })]
            public static void ExtensionRetract(IExecution execution) => new Table().RetractTwice();
        }
        """;

    private const string UsesNothing = """
        using Pgt.Emulator.Exploration;
        using Pgt.Emulator.Scenarios;
        public static class UsesNothing
        {
            [Scenario("touches no port type")]
            public static void Nothing(IExecution execution) { }
        }
        """;

    [Fact]
    public void ContextDiagnostics_AreChargedToTheFilesThatUseTheirType()
    {
        using var folder = new TempFolder();
        var buggy = Read(folder, "UsesBuggy.cs", UsesBuggy);
        var clean = Read(folder, "UsesClean.cs", UsesClean);
        var extension = Read(folder, "UsesExtension.cs", UsesExtension);
        var nothing = Read(folder, "UsesNothing.cs", UsesNothing);

        var verdict = Analyze([buggy, clean, extension, nothing]);

        Assert.Equal(["PGT001"], verdict.RulesFor(buggy));
        Assert.Empty(verdict.RulesFor(clean));
        Assert.Equal(["PGT004"], verdict.RulesFor(extension));
        Assert.Empty(verdict.RulesFor(nothing));
        var charged = Assert.Single(verdict.For(buggy));
        Assert.True(charged.InContext);
        Assert.Equal("FakePort.BuggyDesign", charged.ContextType);
        Assert.Equal(new SourcePosition("src/FakePort/BuggyDesign.cs", 7, 9, 7, 17), charged.Position);
        Assert.Equal(["FakePort.BuggyDesign", "FakePort.BuggyExtensions"], verdict.All.Select(d => d.ContextType));
    }

    [Fact]
    public void OwnDiagnostics_StayWithTheirFile()
    {
        using var folder = new TempFolder();
        var own = Read(folder, "Own.cs", """
            using FakePort;
            using Pgt.Emulator.Exploration;
            using Pgt.Emulator.Scenarios;
            public static class Own
            {
                [Scenario("its own bug")]
                public static void OwnBug(IExecution execution)
                {
                    var table = new Table();
                    Rcu.PteFreeDefer(table);
                    table[1] = 0;
                }
            }
            """);
        var clean = Read(folder, "UsesClean.cs", UsesClean);

        var verdict = Analyze([own, clean]);

        var diagnostic = Assert.Single(verdict.For(own));
        Assert.False(diagnostic.InContext);
        Assert.Equal(own.DisplayPath, diagnostic.Position.Path);
        Assert.Empty(verdict.RulesFor(clean));
    }

    [Fact]
    public void Check_WithAContext_ChargesItsDiagnosticsAndRunsItsCode()
    {
        using var folder = new TempFolder();
        folder.Write("UsesBuggy.cs", UsesBuggy);
        folder.Write("UsesClean.cs", UsesClean);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = new CheckOptions { Paths = [folder.Path], Iterations = 5 };

        var exit = new CheckCommand(options, stdout, stderr, TerminalInfo.None, CancellationToken.None) { Context = FakePort }.Run();

        Assert.True(exit == ExitCodes.Success, $"{stdout}\n{stderr}");
        Assert.Contains("  src/FakePort/BuggyDesign.cs(7,9): error PGT001: 'table' is written after it was handed to deferred freeing by 'PteFreeDefer' on line 6 [in FakePort.BuggyDesign, used by the checked files]", stdout.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\nBuggyRetract\s+clean \+ PGT001\s+PGT001\s+clean\s+5 \(budget\)", stdout.ToString());
        Assert.Matches(@"\nCleanRetract\s+clean\s+clean\s+clean\s+5 \(budget\)", stdout.ToString());
    }

    [Fact]
    public void ContextThatDoesNotCompile_IsExit2()
    {
        using var folder = new TempFolder();
        folder.Write("UsesNothing.cs", UsesNothing);
        var broken = new ContextSource("FakePort", [Context("src/FakePort/Broken.cs", "namespace FakePort; public class X { int y = \"text\"; }")]);
        var stderr = new StringWriter();

        var exit = Program.Run(["check", folder.Path], new StringWriter(), stderr);
        var brokenExit = RunWithContext(broken, folder.Path, stderr);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(ExitCodes.BadInput, brokenExit);
        Assert.True(
            stderr.ToString().Contains("src/FakePort/Broken.cs (the embedded port) does not compile: src/FakePort/Broken.cs:1:46: error CS0029", StringComparison.Ordinal),
            stderr.ToString());
    }

    private static int RunWithContext(ContextSource context, string path, StringWriter stderr)
    {
        try
        {
            return new CheckCommand(new CheckOptions { Paths = [path], Iterations = 2 }, new StringWriter(), stderr, TerminalInfo.None, CancellationToken.None) { Context = context }.Run();
        }
        catch (BadInputException badInput)
        {
            stderr.WriteLine(badInput.Message);
            return ExitCodes.BadInput;
        }
    }

    private static StaticVerdict Analyze(IReadOnlyList<SourceFile> files)
    {
        var context = ScenarioCompiler.CompileContext(FakePort, CancellationToken.None);
        var unit = ScenarioCompiler.CompileScenarios(files, context, CancellationToken.None);
        var warnings = new List<string>();
        var verdict = StaticVerdict.Build(
            unit,
            AnalyzerRunner.Run(unit, warnings, CancellationToken.None),
            context,
            AnalyzerRunner.Run(context, warnings, CancellationToken.None),
            CancellationToken.None);
        Assert.Empty(warnings);
        return verdict;
    }

    private static SourceFile Read(TempFolder folder, string name, string text) =>
        SourceCollector.Read(folder.Write(name, text), Directory.GetCurrentDirectory(), isExplicit: true);

    private static SourceFile Context(string path, string text) => new("/" + path, path, text, Explicit: false);
}
