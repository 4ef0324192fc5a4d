namespace PgtAnalyzers.Contracts;

/// <summary>
/// Full names of the attributes of annotations.md. Matched by name, never by symbol identity, so the
/// package's copies, a copy in another assembly and a user's pasted internal copy all count.
/// </summary>
internal static class AnnotationNames
{
    public const string Namespace = "PgtAnalyzers.Annotations";

    public const string DeferredFree = "DeferredFreeAttribute";
    public const string Writes = "WritesAttribute";
    public const string Overlay = "OverlayAttribute";
    public const string Claims = "ClaimsAttribute";
    public const string Releases = "ReleasesAttribute";
    public const string AssumesReleased = "AssumesReleasedAttribute";
    public const string RequiresMm = "RequiresMmAttribute";
    public const string MmSource = "MmSourceAttribute";
    public const string NoMm = "NoMmAttribute";

    public static readonly string[] All =
    {
        DeferredFree, Writes, Overlay, Claims, Releases, AssumesReleased, RequiresMm, MmSource, NoMm,
    };
}
