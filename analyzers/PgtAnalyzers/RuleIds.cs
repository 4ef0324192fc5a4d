namespace PgtAnalyzers;

/// <summary>
/// The rule IDs of annotations.md (fixed: never renumber). PGT00x reports a violation on every path;
/// its PGT1xx twin with the same last two digits reports one that happens on some paths only.
/// </summary>
public static class RuleIds
{
    public const string WriteAfterDeferredFree = "PGT001";
    public const string UnionOverlayConflict = "PGT002";
    public const string MissingMm = "PGT003";
    public const string DoubleDeferredFree = "PGT004";

    public const string WriteAfterDeferredFreeOnSomePaths = "PGT101";
    public const string UnionOverlayConflictOnSomePaths = "PGT102";
    public const string MissingMmOnSomePaths = "PGT103";
    public const string DoubleDeferredFreeOnSomePaths = "PGT104";
}
