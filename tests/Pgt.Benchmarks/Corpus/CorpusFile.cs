namespace Pgt.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
internal sealed record CorpusFile(string Name, string Text, int Lines);
