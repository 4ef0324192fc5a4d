namespace Pgt.Benchmarks.Coyote;

/// <summary>
/// Counts what the iterations of one Coyote run did, updated live by the running operation (an iteration
/// that fails never returns to its caller).
/// </summary>
internal sealed class CoyoteTally
{
    /// <summary>Emulator scheduling points passed, over all iterations.</summary>
    public long Steps { get; set; }

    /// <summary>Iterations started.</summary>
    public long Iterations { get; set; }

    /// <summary>The emulator finding kind of the first failing iteration.</summary>
    public string? FirstFindingKind { get; set; }
}
