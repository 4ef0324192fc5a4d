namespace Pgt.Cli.Compilation;

/// <summary>One C# file pgt compiles.</summary>
/// <param name="FullPath">Its absolute path (the syntax tree's path, and the key in traces).</param>
/// <param name="DisplayPath">As reports print it: relative to the working folder when inside it, with '/'.</param>
/// <param name="Text">Its contents.</param>
/// <param name="Explicit">Named on the command line (a file of a searched folder may be a helper without scenarios).</param>
public sealed record SourceFile(string FullPath, string DisplayPath, string Text, bool Explicit);
