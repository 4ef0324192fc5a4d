namespace Pgt.Cli.Tests.Support;

/// <summary>
/// A fact that needs POSIX signals: SIGINT is how a terminal delivers Ctrl-C on Linux and macOS. On Windows
/// the runner reports it skipped, with this reason, instead of passing it untested.
/// </summary>
public sealed class UnixOnlyFactAttribute : FactAttribute
{
    public UnixOnlyFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs POSIX signals (SIGINT to a child process); Windows delivers Ctrl-C differently";
        }
    }
}
