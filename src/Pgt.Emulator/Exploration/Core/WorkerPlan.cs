namespace Pgt.Emulator.Exploration.Core;

/// <summary>What one portfolio worker explores: its strategy, its seed and its share of the executions.</summary>
internal readonly record struct WorkerPlan(int Worker, StrategyKind Strategy, ulong Seed, int Budget);
