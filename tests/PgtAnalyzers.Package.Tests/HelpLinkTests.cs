using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Package.Tests;

/// <summary>
/// Every help link of the packed analyzers, and every link of the packed README, points into this
/// repository under the one public URL (the build's RepositoryUrl), to a page that exists in the
/// repository and ships in the package (analyzers/docs/X.md in the repository is docs/X.md in the package).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class HelpLinkTests
{
    private const string RepositoryDocs = "analyzers/docs/";
    private const string PackageDocs = "docs/";

    private readonly PackageFixture _package;

    public HelpLinkTests(PackageFixture package) => _package = package;

    private static string Prefix => RepositoryLayout.RepositoryUrl + "/blob/main/";

    [Fact]
    public void EveryHelpLinkOfThePackedAnalyzers_IsAPageOfTheRepositoryAndOfThePackage()
    {
        var descriptors = PackedDescriptors();

        Assert.Equal(["PGT001", "PGT002", "PGT003", "PGT004", "PGT101", "PGT102", "PGT103", "PGT104"], descriptors.Select(d => d.Id).Order(StringComparer.Ordinal));
        using var archive = ZipFile.OpenRead(_package.NupkgPath);
        foreach (var descriptor in descriptors)
        {
            var path = RepositoryPath(descriptor.HelpLinkUri, descriptor.Id);
            Assert.StartsWith(RepositoryDocs, path, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, path)), $"{descriptor.Id}: {path} is not in the repository");
            var packed = PackageDocs + path[RepositoryDocs.Length..];
            Assert.True(archive.GetEntry(packed) is not null, $"{descriptor.Id}: {packed} is not in the package");
        }
    }

    [Fact]
    public void TwinRules_ShareThePageOfTheirCertainRule()
    {
        var links = PackedDescriptors().ToDictionary(d => d.Id, d => d.HelpLinkUri);

        Assert.Equal(Prefix + "analyzers/docs/PGT001.md", links["PGT001"]);
        Assert.Equal(links["PGT001"], links["PGT101"]);
        Assert.Equal(links["PGT004"], links["PGT104"]);
    }

    [Fact]
    public void PackedReadme_LinksEveryRulePageAbsolutely()
    {
        using var archive = ZipFile.OpenRead(_package.NupkgPath);
        using var reader = new StreamReader(archive.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();
        var links = MarkdownLink().Matches(readme).Select(match => match.Groups[1].Value).ToList();

        // A gallery shows the README without the repository around it: no relative link may survive packing.
        Assert.All(links, link => Assert.StartsWith("https://", link, StringComparison.Ordinal));
        var pages = links.Select(link => RepositoryPath(link, "README")).ToList();
        Assert.Equal(
            PackedDescriptors().Select(d => RepositoryPath(d.HelpLinkUri, d.Id)).Distinct().Order(StringComparer.Ordinal),
            pages.Where(page => page.StartsWith(RepositoryDocs + "PGT", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(pages, page => Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, page)), $"{page} is not in the repository"));
    }

    /// <summary>The path inside the repository that <paramref name="link"/> names; fails unless it is under the public URL.</summary>
    private static string RepositoryPath(string link, string owner)
    {
        Assert.True(link.StartsWith(Prefix, StringComparison.Ordinal), $"{owner}: {link} is not under {Prefix}");
        return link[Prefix.Length..];
    }

    /// <summary>The descriptors of the analyzers in the nupkg, loaded as a compiler host loads them.</summary>
    private List<DiagnosticDescriptor> PackedDescriptors()
    {
        var folder = Path.Combine(_package.TempRoot, "extracted-analyzers");
        if (!Directory.Exists(folder))
        {
            using var archive = ZipFile.OpenRead(_package.NupkgPath);
            Directory.CreateDirectory(folder);
            foreach (var entry in archive.Entries.Where(entry => entry.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal)))
            {
                entry.ExtractToFile(Path.Combine(folder, entry.Name), overwrite: true);
            }
        }

        var reference = new AnalyzerFileReference(Path.Combine(folder, "PgtAnalyzers.dll"), new IsolatedLoader());
        var errors = new List<string>();
        reference.AnalyzerLoadFailed += (_, failure) => errors.Add(failure.Message);
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        Assert.Empty(errors);
        return analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).ToList();
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    /// <summary>Loads the packed analyzer into a context of its own; Roslyn itself comes from the test's context.</summary>
    private sealed class IsolatedLoader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext _context = new("packed-analyzers", isCollectible: true);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);
    }
}
