namespace Pgt.Emulator.Exploration.Core;

internal enum ExecutionPhase
{
    /// <summary>Strands run under the strategy's decisions.</summary>
    Running,

    /// <summary>Every non-daemon strand finished; the AtEnd checks run on the last deciding strand.</summary>
    Ending,

    /// <summary>The outcome is fixed; any strand still alive is unwound by an exception out of its scheduling point.</summary>
    Unwinding,
}
