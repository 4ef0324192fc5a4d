using PgtAnalyzers.Lsp.Tests.Lsp;
using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Lsp.Tests;

/// <summary>
/// Once per run: csharp-ls restored as a local tool (or the reason it cannot be), and, only when it is,
/// the package packed into a local feed and a consumer project restored against it.
/// </summary>
public sealed class LspFixture : IDisposable
{
    private readonly Lazy<PackageFixture> _package = new(() => new PackageFixture());

    public LspFixture()
    {
        UnavailableReason = CsharpLsSession.Unavailable(RepositoryLayout.Root);
        if (UnavailableReason is not null)
        {
            // Printed on the console as well, so a CI log shows why the editor tests did not run.
            Console.Error.WriteLine($"PgtAnalyzers.Lsp.Tests: skipping, {UnavailableReason}");
        }
    }

    /// <summary>Why the language-server tests cannot run here; null when they can.</summary>
    public string? UnavailableReason { get; }

    public string RepositoryRoot => RepositoryLayout.Root;

    /// <summary>The restored consumer (packs and restores on first use).</summary>
    public ConsumerProject Consumer => _package.Value.Consumer;

    public void Dispose()
    {
        if (_package.IsValueCreated)
        {
            _package.Value.Dispose();
        }
    }
}
