using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using PgtAnalyzers.Annotations;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>What the corpus compiles against: the SDK's reference pack (as a build does) and the annotations.</summary>
internal static class ReferenceSet
{
    public static ImmutableArray<MetadataReference> Load()
    {
        var references = FrameworkReferencePaths()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(DeferredFreeAttribute).Assembly.Location));
        return references.ToImmutableArray();
    }

    private static IEnumerable<string> FrameworkReferencePaths()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.0
        var shared = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(shared, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        var framework = $"net{Environment.Version.Major}.0";
        if (Directory.Exists(packs))
        {
            var newest = Directory.GetDirectories(packs)
                .Select(directory => (Version: Version.TryParse(Path.GetFileName(directory).Split('-')[0], out var v) ? v : new Version(0, 0), Path: Path.Combine(directory, "ref", framework)))
                .Where(candidate => Directory.Exists(candidate.Path))
                .OrderBy(candidate => candidate.Version)
                .LastOrDefault();
            if (newest.Path is not null)
            {
                return Directory.GetFiles(newest.Path, "*.dll").OrderBy(path => path, StringComparer.Ordinal);
            }
        }

        // No SDK beside the runtime: compile against the runtime's own assemblies.
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        return trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .OrderBy(path => path, StringComparer.Ordinal);
    }
}
