namespace PgtAnalyzers;

/// <summary>
/// Keys of <c>Diagnostic.Properties</c>. The code fixes rely on them; Descriptors.cs says which rule
/// sets which key and what the values look like.
/// </summary>
public static class DiagnosticPropertyNames
{
    // PGT001 / PGT101
    public const string DeferredCall = "DeferredCall";
    public const string DeferredOrigin = "DeferredOrigin";
    public const string WrittenValue = "WrittenValue";

    // PGT002 / PGT102
    public const string LiveMember = "LiveMember";
    public const string LiveMemberExpression = "LiveMemberExpression";
    public const string ReleaseCandidate = "ReleaseCandidate";
    public const string OverlayGroup = "OverlayGroup";
    public const string Access = "Access";

    // PGT003 / PGT103
    public const string Reason = "Reason";
    public const string MmType = "MmType";
    public const string MmParameter = "MmParameter";
    public const string CallerParameter = "CallerParameter";

    // PGT004 / PGT104
    public const string Kind = "Kind";
    public const string EarlierCall = "EarlierCall";
}
