using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Package.Tests;

/// <summary>
/// The nupkg holds exactly what a user needs and nothing else (like Meziantou's CI gate): analyzers and
/// fixes where the compiler loads them, the annotations where the user's code references them.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageContentTests
{
    /// <summary>Every entry the nupkg may hold, apart from NuGet's own packaging parts: the fixed files and every page of analyzers/docs.</summary>
    private static readonly string[] ExpectedContent =
    [
        "PgtAnalyzers.nuspec",
        "README.md",
        "analyzers/dotnet/cs/PgtAnalyzers.CodeFixes.dll",
        "analyzers/dotnet/cs/PgtAnalyzers.dll",
        .. Directory.GetFiles(Path.Combine(RepositoryLayout.Root, "analyzers", "docs"), "*.md")
            .Select(page => "docs/" + Path.GetFileName(page)),
        "lib/netstandard2.0/PgtAnalyzers.Annotations.dll",
        "lib/netstandard2.0/PgtAnalyzers.Annotations.xml",
    ];

    /// <summary>The analyzers are built against this Roslyn so that older compilers and IDEs load them.</summary>
    private static readonly Version PinnedRoslyn = new(4, 8, 0, 0);

    private readonly PackageFixture _package;

    public PackageContentTests(PackageFixture package) => _package = package;

    [Fact]
    public void Nupkg_HoldsExactlyTheExpectedEntries()
    {
        using var archive = ZipFile.OpenRead(_package.NupkgPath);
        var entries = archive.Entries.Select(entry => entry.FullName).ToList();

        // The OPC parts every nupkg has: two fixed names and one core-properties file.
        Assert.Contains("_rels/.rels", entries);
        Assert.Contains("[Content_Types].xml", entries);
        Assert.Single(entries, name => name.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal)
            && name.EndsWith(".psmdcp", StringComparison.Ordinal));

        var content = entries
            .Where(name => name is not "_rels/.rels" and not "[Content_Types].xml"
                && !name.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(ExpectedContent.Order(StringComparer.Ordinal), content);
    }

    [Fact]
    public void Nuspec_IsARegularDependencyWithoutDependencies()
    {
        using var archive = ZipFile.OpenRead(_package.NupkgPath);
        var nuspec = ReadXml(archive, "PgtAnalyzers.nuspec");
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal(PackageFixture.PackageId, metadata.Element(ns + "id")?.Value);
        Assert.Equal(PackageFixture.PackageVersion, metadata.Element(ns + "version")?.Value);
        // The attributes are kept in metadata, so the annotations are a real compile-time dependency.
        Assert.NotEqual("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        // The repository metadata comes from the same property as the help links.
        Assert.Equal(RepositoryLayout.RepositoryUrl, metadata.Element(ns + "repository")?.Attribute("url")?.Value);

        // The analyzers' Roslyn and the project references are private: nothing may flow to the user.
        var dependencies = metadata.Element(ns + "dependencies")?.Descendants(ns + "dependency").ToList() ?? [];
        Assert.Empty(dependencies);
    }

    [Theory]
    [InlineData("analyzers/dotnet/cs/PgtAnalyzers.dll")]
    [InlineData("analyzers/dotnet/cs/PgtAnalyzers.CodeFixes.dll")]
    public void AnalyzerAssemblies_ReferenceNoRoslynNewerThanThePinnedOne(string entryName)
    {
        var references = ReadAssemblyReferences(entryName);

        var roslyn = references.Where(reference => reference.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();
        Assert.Contains(roslyn, reference => reference.Name == "Microsoft.CodeAnalysis");
        Assert.All(roslyn, reference => Assert.True(
            reference.Version <= PinnedRoslyn,
            $"{entryName} references {reference.Name} {reference.Version}; older IDEs only load up to {PinnedRoslyn}."));
    }

    [Fact]
    public void AnalyzerAssembly_DoesNotReferenceWorkspaces()
    {
        // The compiler loads analyzers without the Workspaces layer (RS1038); only the fixes may use it.
        var references = ReadAssemblyReferences("analyzers/dotnet/cs/PgtAnalyzers.dll");

        Assert.DoesNotContain(references, reference => reference.Name.Contains("Workspaces", StringComparison.Ordinal));
    }

    [Fact]
    public void Annotations_ReferenceOnlyNetStandard()
    {
        // User code references this assembly at compile and run time, so it must drag nothing along.
        var references = ReadAssemblyReferences("lib/netstandard2.0/PgtAnalyzers.Annotations.dll");

        Assert.Equal(["netstandard"], references.Select(reference => reference.Name).ToArray());
    }

    private List<(string Name, Version Version)> ReadAssemblyReferences(string entryName)
    {
        using var archive = ZipFile.OpenRead(_package.NupkgPath);
        var entry = archive.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} is not in the package.");
        using var stream = new MemoryStream();
        using (var entryStream = entry.Open())
        {
            entryStream.CopyTo(stream);
        }

        stream.Position = 0;
        using var peReader = new PEReader(stream);
        var reader = peReader.GetMetadataReader();
        return reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Select(reference => (reader.GetString(reference.Name), reference.Version))
            .ToList();
    }

    private static XDocument ReadXml(ZipArchive archive, string entryName)
    {
        var entry = archive.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} is not in the package.");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
