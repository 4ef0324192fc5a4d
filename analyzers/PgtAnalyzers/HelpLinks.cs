namespace PgtAnalyzers;

/// <summary>Builds every rule's help link: one page per rule under <c>analyzers/docs/</c>.</summary>
public static class HelpLinks
{
    /// <summary>Where the rule pages live in the repository; stable across releases.</summary>
    public const string DocsBaseUrl = "https://github.com/pgtanalyzers/pgtanalyzers/blob/main/analyzers/docs/";

    /// <summary>
    /// The page of <paramref name="ruleId"/>. A PGT1xx twin shares the page of its PGT00x rule, which
    /// documents both ("on some paths" is the same rule with a weaker proof).
    /// </summary>
    public static string ForRule(string ruleId) => DocsBaseUrl + PageName(ruleId);

    /// <summary>The file name of the page documenting <paramref name="ruleId"/>, e.g. <c>PGT001.md</c> for PGT101.</summary>
    public static string PageName(string ruleId)
    {
        var id = ruleId.Length == 6 && ruleId.StartsWith("PGT1", System.StringComparison.Ordinal)
            ? "PGT0" + ruleId.Substring(4)
            : ruleId;
        return id + ".md";
    }
}
