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

    /// <summary>
    /// An inferred summary was cut at <see cref="AnalysisBudget.MaxSummaryDepth"/> calls deep (long chains,
    /// recursion): the callee past the cap is unknown, as an unannotated method of a library is.
    /// </summary>
    SummaryTooDeep,

    /// <summary>A callee's body is too large to summarise (<see cref="AnalysisBudget.MaxSummaryBlocks"/>, or over the budget): unknown.</summary>
    SummaryTooLarge,

    /// <summary>An unexpected exception, caught by the safety net of release builds (debug builds let it surface).</summary>
    InternalError,
}
