namespace Pgt.Cli.Static;

/// <summary>A place in a file, 1-based.</summary>
public sealed record SourcePosition(string Path, int Line, int Column, int EndLine, int EndColumn);
