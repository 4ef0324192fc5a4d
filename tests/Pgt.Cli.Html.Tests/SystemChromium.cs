using Microsoft.Playwright;

namespace Pgt.Cli.Html.Tests;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package; <c>.ci/run</c> installs it when apt-get can),
/// launched headless by Playwright with no browser download of its own. <see cref="Unavailable"/> says why
/// a test must skip.
/// </summary>
public static class SystemChromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The browser to launch: <c>PGT_CHROMIUM</c> when set, else Debian's path.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PGT_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Null when the browser is there, otherwise the reason to skip.</summary>
    public static string? Unavailable =>
        File.Exists(ExecutablePath)
            ? null
            : $"no Chromium at {ExecutablePath}: install Debian's package (apt-get install -y chromium, as .ci/run does) or set PGT_CHROMIUM";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
            Timeout = 60_000,
        });
}
