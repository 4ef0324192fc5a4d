using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Pgt.Cli.Compilation;

/// <summary>A set of files compiled together (the checked files, or the port as context) that compiles cleanly.</summary>
public sealed class CodeUnit
{
    private readonly Dictionary<SyntaxTree, SourceFile> _files;

    public CodeUnit(CSharpCompilation compilation, IReadOnlyDictionary<SyntaxTree, SourceFile> files, CodeUnit? context)
    {
        Compilation = compilation;
        this._files = new Dictionary<SyntaxTree, SourceFile>(files);
        Context = context;
    }

    public CSharpCompilation Compilation { get; }

    /// <summary>The context unit this one references, if any.</summary>
    public CodeUnit? Context { get; }

    /// <summary>The files in compilation order (the implicit usings excluded).</summary>
    public IEnumerable<(SyntaxTree Tree, SourceFile File)> Files =>
        Compilation.SyntaxTrees.Where(_files.ContainsKey).Select(tree => (tree, _files[tree]));

    public SourceFile? FileOf(SyntaxTree? tree) => tree is not null && _files.TryGetValue(tree, out var file) ? file : null;

    /// <summary>The display path of a location in this unit, or the tree's own path for anything else.</summary>
    public string DisplayPathOf(Location location) =>
        FileOf(location.SourceTree)?.DisplayPath ?? Context?.FileOf(location.SourceTree)?.DisplayPath
        ?? location.GetLineSpan().Path.Replace('\\', '/');

    /// <summary>Emits the assembly and its portable PDB to memory.</summary>
    public CompiledImage Emit(CancellationToken cancellation)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = Compilation.Emit(
            pe,
            pdb,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb),
            cancellationToken: cancellation);
        if (!result.Success)
        {
            throw new BadInputException(CompileErrors.Describe(this, result.Diagnostics));
        }

        return new CompiledImage(Compilation.AssemblyName ?? "", pe.ToArray(), pdb.ToArray());
    }
}
