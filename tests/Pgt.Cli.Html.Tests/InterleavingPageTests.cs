using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Pgt.Cli.Html.Tests;

/// <summary>
/// The page <c>pgt check --html</c> writes for a finding, opened in headless Chromium: it loads without a
/// script error, shows one lane per strand, the finding's marks (the access, the free, the detach, the
/// allocation) with the access linked to each, the reader section as a band, a mark's stack on hover,
/// and the report beside it.
/// </summary>
public sealed class InterleavingPageTests
{
    [SkippableFact]
    public async Task FindingPage_ShowsLanesMarksBandAndStacks_WithoutScriptErrors()
    {
        Skip.If(SystemChromium.Unavailable is not null, SystemChromium.Unavailable);
        var folder = Directory.CreateTempSubdirectory("pgt-html-tests-").FullName;
        try
        {
            var page = WritePage(folder);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await SystemChromium.LaunchAsync(playwright);
            var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
            var errors = new List<string>();
            tab.PageError += (_, error) => errors.Add(error);
            tab.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            await tab.GotoAsync(new Uri(page).AbsoluteUri);

            Assert.Empty(errors);
            Assert.Equal(["T0 main", "T1 gup_fast", "T2 khugepaged"], await tab.Locator("g.lane text.lane-name").AllTextContentsAsync());
            Assert.Equal(1, await tab.Locator("circle.mark.access").CountAsync());
            Assert.Equal(1, await tab.Locator("circle.mark.free").CountAsync());
            Assert.Equal(1, await tab.Locator("circle.mark.detach").CountAsync());
            Assert.Equal(1, await tab.Locator("circle.mark.reuse").CountAsync());
            Assert.Equal(3, await tab.Locator("line.link").CountAsync());
            Assert.Equal("1", await tab.Locator("rect.band").GetAttributeAsync("data-strand"));
            var report = await tab.Locator("#report").TextContentAsync() ?? "";
            Assert.Contains("BUG: EMU: use-after-free in gup_pte_range", report, StringComparison.Ordinal);

            // The marks sit at the steps the report names (the schedule is shrunk, so read them from the report).
            var accessStep = StepOf(report, @"by T1 ""gup_fast"" \(CPU1\) at step (\d+):");
            var freeStep = StepOf(report, @"Freed by T2 ""khugepaged"" \(CPU2\) at step (\d+):");
            Assert.True(freeStep < accessStep, report);
            Assert.Equal(accessStep.ToString(CultureInfo.InvariantCulture), await tab.Locator("circle.mark.access").GetAttributeAsync("data-step"));
            Assert.True(await tab.Locator("rect.run").CountAsync() > 50);

            await tab.Locator("circle.mark.free").HoverAsync();
            var shown = await tab.Locator("#hover").TextContentAsync();
            Assert.StartsWith($"#{freeStep} T2 free: Freed", shown, StringComparison.Ordinal);
            Assert.Contains("page_table_free V68FullPage.cs:", shown, StringComparison.Ordinal);
            Assert.Empty(errors);

            if (Environment.GetEnvironmentVariable("PGT_HTML_SCREENSHOT") is { Length: > 0 } screenshot)
            {
                await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int StepOf(string report, string pattern)
    {
        var match = Regex.Match(report, pattern);
        Assert.True(match.Success, $"no match for {pattern} in:\n{report}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs pgt check --html on the guide's first scenario; returns the finding's page.</summary>
    private static string WritePage(string folder)
    {
        var scenario = Path.Combine(RepositoryRoot(), "docs", "examples", "FirstScenario.cs");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(["check", "--no-static", "--iterations", "300", "--html", folder, scenario], stdout, stderr);
        Assert.True(exit == ExitCodes.Success, $"exit {exit}\n{stdout}\n{stderr}");
        var page = Path.Combine(folder, "RetractUnderGupFast-use-after-free.html");
        Assert.True(File.Exists(page), $"no page in {folder}");
        return page;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PgtAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("no PgtAnalyzers.sln above the tests");
    }
}
