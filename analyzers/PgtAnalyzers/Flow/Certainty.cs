namespace PgtAnalyzers.Flow;

/// <summary>Whether a fact holds on every path to a point (PGT00x) or on some paths only (PGT1xx).</summary>
internal enum Certainty
{
    OnSomePaths = 0,
    OnAllPaths = 1,
}
