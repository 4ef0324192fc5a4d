namespace Pgt.Cli.Compilation;

/// <summary>An assembly emitted in memory, with its portable PDB (stack traces in reports show file:line).</summary>
public sealed record CompiledImage(string AssemblyName, byte[] Assembly, byte[] Symbols);
