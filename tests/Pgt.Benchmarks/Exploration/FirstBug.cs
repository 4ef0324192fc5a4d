namespace Pgt.Benchmarks.Exploration;

/// <summary>Time to the first bug over several seeded runs.</summary>
/// <param name="MedianMs">Median wall time to the first bug, engine start-up included (runs that found none count as their full time).</param>
/// <param name="MedianExecutions">Median executions up to and including the failing one.</param>
/// <param name="Found">Runs that found the bug.</param>
/// <param name="Runs">Runs.</param>
/// <param name="Kinds">The finding kinds seen.</param>
internal sealed record FirstBug(double MedianMs, double MedianExecutions, int Found, int Runs, string Kinds);
