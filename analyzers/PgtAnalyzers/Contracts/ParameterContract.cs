using System;

namespace PgtAnalyzers.Contracts;

/// <summary>What a parameter's annotations promise about the argument a caller passes.</summary>
[Flags]
internal enum ParameterContract
{
    None = 0,
    DeferredFree = 1,
    Writes = 2,
    Claims = 4,
    Releases = 8,
    AssumesReleased = 16,
    RequiresMm = 32,

    /// <summary>The parameter, or its delegate type, is <c>[NoMm]</c>: code passed here runs without an mm.</summary>
    NoMm = 64,
}
