using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Pgt.Emulator.Exploration;
using PgtAnalyzers.Annotations;

namespace Pgt.Cli.Compilation;

/// <summary>
/// What scenario files are compiled against: the framework assemblies of the running runtime (the trusted
/// platform assemblies in the runtime's own folder, not pgt's own dependencies such as Roslyn) plus the
/// emulator and the annotations. The port is added per run, as compiled context.
/// </summary>
public static class ReferenceSet
{
    // Built once per process: the references are immutable and depend only on the installed runtime.
    private static readonly Lazy<ImmutableArray<MetadataReference>> Cached = new(Build);

    public static ImmutableArray<MetadataReference> Default => Cached.Value;

    private static ImmutableArray<MetadataReference> Build()
    {
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)
            ?? throw new InvalidOperationException("cannot locate the runtime's assemblies");
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeFolder, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var project = new[] { typeof(IExecution).Assembly.Location, typeof(DeferredFreeAttribute).Assembly.Location };
        return trusted.Concat(project)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
