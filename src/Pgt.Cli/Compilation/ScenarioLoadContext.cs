using System.Reflection;
using System.Runtime.Loader;

namespace Pgt.Cli.Compilation;

/// <summary>
/// A collectible load context for the assemblies pgt compiled in memory. Everything else (the emulator,
/// the annotations, the framework) resolves to the default context, so <c>IExecution</c> and
/// <c>ScenarioAttribute</c> are the very types pgt itself uses.
/// </summary>
public sealed class ScenarioLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, CompiledImage> _images;
    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

    public ScenarioLoadContext(IEnumerable<CompiledImage> images)
        : base("pgt-scenarios", isCollectible: true)
    {
        this._images = images.ToDictionary(image => image.AssemblyName, StringComparer.Ordinal);
    }

    public Assembly LoadImage(string assemblyName) =>
        Load(new AssemblyName(assemblyName)) ?? throw new InvalidOperationException($"no compiled image named {assemblyName}");

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? "";
        lock (_loaded)
        {
            if (_loaded.TryGetValue(name, out var assembly))
            {
                return assembly;
            }

            if (!_images.TryGetValue(name, out var image))
            {
                return null;
            }

            using var pe = new MemoryStream(image.Assembly, writable: false);
            using var pdb = new MemoryStream(image.Symbols, writable: false);
            assembly = LoadFromStream(pe, pdb);
            _loaded[name] = assembly;
            return assembly;
        }
    }
}
