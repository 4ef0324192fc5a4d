namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>A data choice.</summary>
internal readonly record struct DataPoint(int Step, int Actor, int Count, string Label);
