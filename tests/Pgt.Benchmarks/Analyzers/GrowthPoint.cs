namespace Pgt.Benchmarks.Analyzers;

/// <summary>One corpus size of the growth series, measured in one child process.</summary>
/// <param name="Lines">Corpus lines.</param>
/// <param name="PlainMs">Plain compiles (parse + emit), per repeat.</param>
/// <param name="PgtMs">PgtAnalyzers' own time, per repeat.</param>
internal sealed record GrowthPoint(int Lines, double[] PlainMs, double[] PgtMs);
