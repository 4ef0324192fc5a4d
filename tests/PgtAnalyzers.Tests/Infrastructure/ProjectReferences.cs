using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>
/// What repository code and third-party sources are compiled against in the robustness tests: the running
/// .NET runtime's own assemblies (as <c>pgt check</c> does), .NET Standard 2.0 reference assemblies, and the
/// project assemblies this test project references.
/// </summary>
internal static class ProjectReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyRuntime = new(LoadRuntime);

    /// <summary>The framework assemblies of the runtime running the tests (.NET 10), not the test's own dependencies.</summary>
    public static ImmutableArray<MetadataReference> Runtime => LazyRuntime.Value;

    public static MetadataReference Annotations { get; } =
        MetadataReference.CreateFromFile(typeof(PgtAnalyzers.Annotations.DeferredFreeAttribute).Assembly.Location);

    public static MetadataReference Emulator { get; } =
        MetadataReference.CreateFromFile(typeof(Pgt.Emulator.Exploration.IExecution).Assembly.Location);

    public static async Task<ImmutableArray<MetadataReference>> NetStandard20Async() =>
        await ReferenceAssemblies.NetStandard.NetStandard20.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);

    private static ImmutableArray<MetadataReference> LoadRuntime()
    {
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)
            ?? throw new InvalidOperationException("cannot locate the runtime's assemblies");
        return ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeFolder, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
