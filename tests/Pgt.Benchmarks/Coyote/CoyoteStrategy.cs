namespace Pgt.Benchmarks.Coyote;

/// <summary>The Coyote configurations the benchmark compares against.</summary>
internal enum CoyoteStrategy
{
    /// <summary>What <c>Configuration.Create()</c> gives: Coyote's tuned portfolio of strategies.</summary>
    DefaultPortfolio,

    /// <summary>Coyote's PCT ("prioritization", unfair), with its default priority-change bound.</summary>
    Pct,
}
