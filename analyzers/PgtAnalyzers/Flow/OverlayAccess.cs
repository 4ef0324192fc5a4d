namespace PgtAnalyzers.Flow;

/// <summary>What a use of an overlay member does to it.</summary>
internal enum OverlayAccess
{
    Claim,
    Release,
    AssumeRelease,
    Read,
    Write,
}
