namespace PgtAnalyzers.Flow;

/// <summary>Why the analysis of one body stopped silently (see <see cref="AnalysisBudget"/>).</summary>
public enum GiveUpReason
{
    /// <summary>The body's control-flow graph has more than <see cref="AnalysisBudget.MaxBlocks"/> basic blocks.</summary>
    TooManyBlocks,

    /// <summary>The fixpoint needed more than <see cref="AnalysisBudget.MaxVisitsPerBlock"/> visits per block.</summary>
    NotConverging,

    /// <summary>An expression, pattern or tuple nests deeper than <see cref="AnalysisBudget.MaxNestingDepth"/>.</summary>
    TooDeep,

    /// <summary>The thread's stack ran low (in the engine or in Roslyn building a graph for it).</summary>
    StackExhausted,

    /// <summary>An unexpected exception, caught by the safety net of release builds (debug builds let it surface).</summary>
    InternalError,
}
