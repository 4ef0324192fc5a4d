namespace PgtAnalyzers;

/// <summary>Builds every rule's help link: one page per rule under <c>analyzers/docs/</c>.</summary>
public static class HelpLinks
{
    /// <summary>The folder of the rule pages in the repository, the path every help link ends in.</summary>
    public const string DocsFolder = "analyzers/docs/";

    /// <summary>
    /// Where the rule pages live: the repository's <see cref="DocsFolder"/> on <c>main</c>, under the URL
    /// the build's <c>RepositoryUrl</c> property holds (Directory.Build.props).
    /// </summary>
    public const string DocsBaseUrl = PublicUrl.Repository + "/blob/main/" + DocsFolder;

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
