using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Output.Html;

/// <summary>
/// pgt check --html DIR writes one page per finding and pgt replay --html FILE the same page, byte for
/// byte; pages hold no wall-clock value. (Pgt.Cli.Html.Tests opens them in a browser.)
/// </summary>
public sealed class HtmlPageTests
{
    [Fact]
    public void ReplayHtml_IsByteForByteThePageOfCheck()
    {
        using var folder = new TempFolder();
        var traces = folder.File("traces");
        var pages = folder.File("pages");
        var check = PgtRunner.Run("check", "--iterations", "500", "--trace-dir", traces, "--html", pages,
            TestFiles.Scenario("Outcomes/LostUpdate.cs"), TestFiles.Scenario("Outcomes/Support"));
        Assert.True(check.ExitCode == ExitCodes.Success, check.ToString());
        var fromCheck = File.ReadAllText(Path.Combine(pages, "RacyIncrement-lost-update.html"));

        var replayPage = folder.File("replayed.html");
        var replay = PgtRunner.Run("replay", "--html", replayPage, Path.Combine(traces, "RacyIncrement-lost-update.trace.json"));

        Assert.True(replay.ExitCode == ExitCodes.Success, replay.ToString());
        Assert.Equal(fromCheck, File.ReadAllText(replayPage));
        Assert.Contains("<g class=\"lane\" data-strand=\"2\">", fromCheck, StringComparison.Ordinal);
        Assert.Contains("BUG: EMU: lost-update: the counter is 1 after 2 increments", fromCheck, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckWithoutFindings_WritesNoPage()
    {
        using var folder = new TempFolder();
        var pages = folder.File("pages");

        var check = PgtRunner.Run("check", "--iterations", "20", "--html", pages, TestFiles.Scenario("Outcomes/SingleIncrement.cs"), TestFiles.Scenario("Outcomes/Support"));

        Assert.Equal(ExitCodes.Success, check.ExitCode);
        Assert.Empty(Directory.GetFiles(pages));
    }

    [Fact]
    public void HtmlFolderThatCannotBeCreated_IsExit2()
    {
        using var folder = new TempFolder();
        var blocker = folder.Write("file", "not a folder");

        var result = PgtRunner.Run("check", "--html", Path.Combine(blocker, "pages"), TestFiles.Scenario("Outcomes/SingleIncrement.cs"), TestFiles.Scenario("Outcomes/Support"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith("pgt: cannot create the HTML folder ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
