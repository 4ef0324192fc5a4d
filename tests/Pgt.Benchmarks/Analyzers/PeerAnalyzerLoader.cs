using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Pgt.Benchmarks.Analyzers;

/// <summary>Loads a peer's analyzer assemblies into the default context, as a compiler server would load them once.</summary>
internal sealed class PeerAnalyzerLoader : IAnalyzerAssemblyLoader
{
    private readonly string _directory;

    public PeerAnalyzerLoader(string directory)
    {
        this._directory = directory;
        // An analyzer assembly that references its sibling (the C# NetAnalyzers -> the shared one) finds it here.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }

    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);

    /// <summary>Every C# analyzer in the DLLs of the peer's directory; a DLL that fails to load is an error, not a silent zero.</summary>
    public IReadOnlyList<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> LoadAll()
    {
        if (!Directory.Exists(_directory))
        {
            throw new InvalidOperationException($"peer analyzers not found in {_directory} (build the benchmark project first)");
        }

        var analyzers = new List<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>();
        foreach (var path in Directory.GetFiles(_directory, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
        {
            var reference = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerFileReference(path, this);
            string? failure = null;
            reference.AnalyzerLoadFailed += (_, e) => failure ??= $"{Path.GetFileName(path)}: {e.Message}";
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
            if (failure is not null)
            {
                throw new InvalidOperationException($"a peer analyzer failed to load: {failure}");
            }
        }

        return analyzers;
    }
}
