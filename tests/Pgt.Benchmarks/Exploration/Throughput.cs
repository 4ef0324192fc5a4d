namespace Pgt.Benchmarks.Exploration;

/// <summary>Executions and decisions per second of one engine on one scenario (medians over repeats).</summary>
internal sealed record Throughput(double ExecutionsPerSecond, double DecisionsPerSecond, long Executions, long Decisions, double MedianSeconds);
