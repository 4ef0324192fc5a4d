namespace PgtAnalyzers;

/// <summary>The fixed values of the <see cref="DiagnosticPropertyNames"/> keys that take one of a few words.</summary>
public static class DiagnosticPropertyValues
{
    // DeferredOrigin (PGT001)
    public const string OriginCall = "Call";
    public const string OriginParameter = "Parameter";

    // Access (PGT002)
    public const string AccessClaim = "Claim";
    public const string AccessRelease = "Release";
    public const string AccessRead = "Read";
    public const string AccessWrite = "Write";

    // Reason (PGT003)
    public const string ReasonNull = "Null";
    public const string ReasonNotFromSource = "NotFromSource";
    public const string ReasonNoMmContext = "NoMmContext";

    // Kind (PGT004)
    public const string KindDeferredFree = "DeferredFree";
    public const string KindClaim = "Claim";
}
