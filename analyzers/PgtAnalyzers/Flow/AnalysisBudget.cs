namespace PgtAnalyzers.Flow;

/// <summary>
/// The cost caps of the flow analysis. Past one of them the analysis of that body (a method, lambda or
/// local function, with the bodies nested in it) stops silently: no diagnostic, no exception, one count in
/// <see cref="FlowRuleAnalyzer.GiveUps"/>. They are caps on cost, not verdicts; the rule pages list them
/// under "Known limitations".
/// </summary>
public static class AnalysisBudget
{
    /// <summary>Bodies whose control-flow graph has more basic blocks than this are not analysed.</summary>
    public const int MaxBlocks = 2000;

    /// <summary>Average visits per block the fixpoint may take (loops converge far sooner).</summary>
    public const int MaxVisitsPerBlock = 40;

    /// <summary>
    /// How deep one expression may nest (<c>f(g(h(x)))</c>, <c>a + (b + (c + d))</c>, nested patterns or
    /// tuples). Chains that nest only on the left (<c>a + b + c</c>, <c>x.A.B()</c>, <c>sb.Append(a).Append(b)</c>)
    /// are walked without recursion and do not count. Sized so the engine fits a 1 MB stack with room to spare.
    /// </summary>
    public const int MaxNestingDepth = 200;

    /// <summary>
    /// How many calls deep inferred summaries follow (<c>Caller</c> -> <c>Helper</c> -> <c>Helper2</c> -> ...);
    /// a callee past it is unknown. Recursion ends here too, the same way whatever order bodies are asked in.
    /// </summary>
    public const int MaxSummaryDepth = 3;

    /// <summary>Callees whose control-flow graph has more basic blocks than this are not summarised (unknown).</summary>
    public const int MaxSummaryBlocks = 500;
}
