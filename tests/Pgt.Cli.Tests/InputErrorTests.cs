using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests;

/// <summary>Bad input to pgt check: exit 2, one line on stderr that names the culprit, nothing on stdout.</summary>
public sealed class InputErrorTests
{
    [Fact]
    public void MissingFile_IsExit2()
    {
        var missing = TestFiles.Scenario("Outcomes/NoSuchFile.cs");

        var result = PgtRunner.Run("check", missing);

        AssertOneLineError(result, $"pgt: {missing}: no such file or folder");
    }

    [Fact]
    public void FileThatIsNotCSharp_IsExit2()
    {
        using var folder = new TempFolder();
        var path = folder.Write("notes.txt", "hello");

        AssertOneLineError(PgtRunner.Run("check", path), $"pgt: {path} is not a C# file (.cs)");
    }

    [Fact]
    public void FolderWithoutCSharpFiles_IsExit2()
    {
        using var folder = new TempFolder();
        folder.Write("README.md", "# nothing here");

        AssertOneLineError(PgtRunner.Run("check", folder.Path), $"pgt: {folder.Path} contains no .cs file");
    }

    [Fact]
    public void SyntaxError_NamesFileLineAndCompilerError()
    {
        var path = TestFiles.Scenario("Errors/SyntaxError.cs");

        var result = PgtRunner.Run("check", path);

        AssertOneLine(result);
        Assert.StartsWith($"pgt: {TestFiles.Shown(path)} does not compile: {TestFiles.Shown(path)}:11:18: error CS1002: ; expected", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TypeError_NamesFileLineAndCompilerError()
    {
        var path = TestFiles.Scenario("Errors/TypeError.cs");

        var result = PgtRunner.Run("check", path);

        AssertOneLine(result);
        Assert.Contains($"{TestFiles.Shown(path)}:11:23: error CS0029: Cannot implicitly convert type 'int' to 'string'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyErrors_ShowsTheFirstThreeAndCountsTheRest()
    {
        using var folder = new TempFolder();
        var path = folder.Write("Many.cs", "class A { void M() { a(); b(); c(); d(); e(); } }");

        var result = PgtRunner.Run("check", path);

        AssertOneLine(result);
        Assert.Contains("error CS0103: The name 'a' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error CS0103: The name 'c' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("'d'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(and 2 more errors)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitFileWithoutScenario_IsExit2()
    {
        var path = TestFiles.Scenario("Errors/NoScenario.cs");

        AssertOneLineError(PgtRunner.Run("check", path), $"pgt: {TestFiles.Shown(path)} declares no scenario (a public static method marked [Scenario(...)])");
    }

    [Fact]
    public void HelperFileInAFolder_IsFine()
    {
        // Outcomes/Support/Counter.cs has no scenario; it is searched, not named, so it is a helper.
        var result = PgtRunner.Run("check", "--iterations", "50", TestFiles.Scenario("Outcomes/LostUpdate.cs"), TestFiles.Scenario("Outcomes/Support"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
    }

    [Fact]
    public void ScenarioWithBadSignature_IsExit2()
    {
        var path = TestFiles.Scenario("Errors/BadSignature.cs");

        var result = PgtRunner.Run("check", path);

        AssertOneLine(result);
        Assert.StartsWith($"pgt: {TestFiles.Shown(path)}:9: scenario NotVoid must be declared 'public static void NotVoid(IExecution execution)'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentTypeWithoutAConstructorFromExecution_IsExit2()
    {
        using var folder = new TempFolder();
        var path = folder.Write("Odd.cs", """
            using Pgt.Emulator.Scenarios;
            public static class Odd
            {
                [Scenario("takes a string")]
                public static void TakesText(string text) { }
            }
            """);

        var result = PgtRunner.Run("check", path);

        AssertOneLine(result);
        Assert.Contains("scenario TakesText must be declared", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotUtf8_IsExit2()
    {
        using var folder = new TempFolder();
        var path = folder.File("Latin1.cs");
        File.WriteAllBytes(path, [0x2F, 0x2F, 0x20, 0xE9, 0xE8, 0x0A]);

        AssertOneLineError(PgtRunner.Run("check", path), $"pgt: cannot read {path}: it is not UTF-8 text");
    }

    [Fact]
    public void UnreadablePath_IsExit2()
    {
        using var folder = new TempFolder();
        var path = folder.File("Loop.cs");
        File.CreateSymbolicLink(path, path);

        var result = PgtRunner.Run("check", folder.Path);

        AssertOneLine(result);
        Assert.StartsWith($"pgt: cannot read {path}: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceFolderThatCannotBeCreated_IsExit2()
    {
        using var folder = new TempFolder();
        var file = folder.Write("plain-file", "not a folder");

        var result = PgtRunner.Run("check", "--trace-dir", Path.Combine(file, "traces"), TestFiles.Scenario("Outcomes"));

        AssertOneLine(result);
        Assert.StartsWith("pgt: cannot create the trace folder ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenariosSharingAName_AreQualifiedByTheirType()
    {
        using var folder = new TempFolder();
        const string template = """
            using Pgt.Emulator.Exploration;
            using Pgt.Emulator.Scenarios;
            public static class TYPE
            {
                [Scenario("same name")]
                public static void Run(IExecution execution) { }
            }
            """;
        folder.Write("A.cs", template.Replace("TYPE", "First", StringComparison.Ordinal));
        folder.Write("B.cs", template.Replace("TYPE", "Second", StringComparison.Ordinal));

        var result = PgtRunner.Run("check", "--iterations", "3", folder.Path);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("\nFirst.Run ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nSecond.Run ", result.Stdout, StringComparison.Ordinal);
    }

    private static void AssertOneLineError(PgtResult result, string line)
    {
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal([line], result.ErrorLines);
        Assert.Empty(result.Stdout);
    }

    private static void AssertOneLine(PgtResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Single(result.ErrorLines);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }
}
