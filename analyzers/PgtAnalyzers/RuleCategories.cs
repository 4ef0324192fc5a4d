namespace PgtAnalyzers;

/// <summary>Diagnostic categories, one per rule family, as listed in AnalyzerReleases.*.md.</summary>
public static class RuleCategories
{
    /// <summary>When a page table may still be written or freed (PGT001, PGT004).</summary>
    public const string Lifetime = "Lifetime";

    /// <summary>Members that share storage, like <c>lru</c> and <c>rcu_head</c> in <c>struct page</c> (PGT002).</summary>
    public const string Overlay = "Overlay";

    /// <summary>Where a live mm is available (PGT003).</summary>
    public const string MmContext = "MmContext";
}
