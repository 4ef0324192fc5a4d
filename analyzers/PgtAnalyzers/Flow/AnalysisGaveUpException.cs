using System;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Thrown inside the engine when a body exceeds the <see cref="AnalysisBudget"/>; caught where the body's
/// analysis started, which counts it and drops that body's findings. Never leaves the analyzer.
/// </summary>
internal sealed class AnalysisGaveUpException : Exception
{
    public AnalysisGaveUpException(GiveUpReason reason)
        : base($"Analysis budget exceeded: {reason}")
    {
        Reason = reason;
    }

    public GiveUpReason Reason { get; }
}
