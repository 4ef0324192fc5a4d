namespace Pgt.Emulator.Exploration.Traces;

/// <summary>The bounds an execution ran under.</summary>
public sealed record TraceBounds(int MaxSteps, int? PreemptionBound, int PctDepth);
