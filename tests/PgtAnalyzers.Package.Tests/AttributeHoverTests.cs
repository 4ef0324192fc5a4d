using System.IO.Compression;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Package.Tests;

/// <summary>
/// An editor's hover on an attribute usage (<c>[DeferredFree]</c>) shows the documentation of the symbol the
/// usage binds to, the attribute's constructor. With the packed assembly and its XML docs as a user's
/// compilation sees them, every attribute's usage binds to a constructor documented with its type's summary.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class AttributeHoverTests
{
    private const string Usages = """
        using PgtAnalyzers.Annotations;

        public delegate void Callback();

        public sealed class Page
        {
            [Overlay("lru")] public object? Lru;
            [Overlay("lru")] public object? RcuHead;
            [MmSource] public object? Mm;
        }

        public static class Api
        {
            public static void PteFreeDefer([RequiresMm] object mm, [DeferredFree] object table) { }
            public static void Memset([Writes] object table) { }
            public static void ListAdd([Claims] object node) { }
            public static void ListDel([Releases] object node) { }
            public static void AssertOffList([AssumesReleased] object node) { }
            [NoMm] public static void PteFreeNow() { }
        }
        """;

    private readonly PackageFixture _package;

    public AttributeHoverTests(PackageFixture package) => _package = package;

    [Fact]
    public void EveryAttributeUsage_BindsToAConstructorDocumentedWithItsTypesSummary()
    {
        var compilation = CompileAgainstPackedAnnotations();
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var usages = tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>().ToList();

        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        var attributeTypes = usages.Select(usage => model.GetSymbolInfo(usage).Symbol?.ContainingType?.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(
            ["AssumesReleasedAttribute", "ClaimsAttribute", "DeferredFreeAttribute", "MmSourceAttribute", "NoMmAttribute", "OverlayAttribute", "ReleasesAttribute", "RequiresMmAttribute", "WritesAttribute"],
            attributeTypes);
        foreach (var usage in usages)
        {
            var constructor = Assert.IsAssignableFrom<IMethodSymbol>(model.GetSymbolInfo(usage).Symbol);
            Assert.Equal(MethodKind.Constructor, constructor.MethodKind);
            var shown = Summary(constructor.GetDocumentationCommentXml());
            var type = Summary(constructor.ContainingType.GetDocumentationCommentXml());
            Assert.False(string.IsNullOrWhiteSpace(type), $"{constructor.ContainingType.Name} has no summary");
            Assert.Equal(type, shown);
        }
    }

    private CSharpCompilation CompileAgainstPackedAnnotations()
    {
        var folder = Path.Combine(_package.TempRoot, "extracted-lib");
        Directory.CreateDirectory(folder);
        using (var archive = ZipFile.OpenRead(_package.NupkgPath))
        {
            foreach (var entry in archive.Entries.Where(entry => entry.FullName.StartsWith("lib/netstandard2.0/", StringComparison.Ordinal)))
            {
                entry.ExtractToFile(Path.Combine(folder, entry.Name), overwrite: true);
            }
        }

        var annotations = MetadataReference.CreateFromFile(
            Path.Combine(folder, "PgtAnalyzers.Annotations.dll"),
            documentation: new XmlDocsFile(Path.Combine(folder, "PgtAnalyzers.Annotations.xml")));
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        return CSharpCompilation.Create(
            "Hover",
            [CSharpSyntaxTree.ParseText(Usages, new CSharpParseOptions(LanguageVersion.CSharp12))],
            [annotations, .. framework],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The summary's text with whitespace collapsed, as a hover renders it.</summary>
    private static string Summary(string? documentation)
    {
        if (string.IsNullOrEmpty(documentation))
        {
            return "";
        }

        var summary = XElement.Parse(documentation).Element("summary");
        return summary is null ? "" : string.Join(" ", summary.ToString(SaveOptions.DisableFormatting)
            .Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The packed XML docs file, read as a compiler host reads one (Workspaces' XmlDocumentationProvider, without Workspaces).</summary>
    private sealed class XmlDocsFile : DocumentationProvider
    {
        private readonly string _path;
        private readonly Dictionary<string, string> _members;

        public XmlDocsFile(string path)
        {
            _path = path;
            _members = XDocument.Load(path).Descendants("member")
                .ToDictionary(member => (string)member.Attribute("name")!, member => member.ToString());
        }

        protected override string? GetDocumentationForSymbol(string documentationMemberID, System.Globalization.CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
            _members.TryGetValue(documentationMemberID, out var xml) ? xml : null;

        public override bool Equals(object? obj) => obj is XmlDocsFile other && other._path == _path;

        public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);
    }
}
