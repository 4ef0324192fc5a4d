namespace Pgt.Benchmarks.Report;

/// <summary>One figure against its target.</summary>
/// <param name="Figure">What is measured.</param>
/// <param name="Measured">The figure, formatted.</param>
/// <param name="Target">The target, formatted.</param>
/// <param name="Met">Whether the figure meets the target.</param>
internal sealed record TargetCheck(string Figure, string Measured, string Target, bool Met);
