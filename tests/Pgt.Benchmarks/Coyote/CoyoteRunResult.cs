namespace Pgt.Benchmarks.Coyote;

/// <summary>What one Coyote <c>TestingEngine</c> run did.</summary>
/// <param name="Iterations">Test iterations Coyote started (the failing one included).</param>
/// <param name="EmulatorSteps">Emulator scheduling points passed over all iterations: the same unit as the explorer's decisions.</param>
/// <param name="CoyoteSteps">Scheduling steps Coyote itself reports (it also counts task creation and completion).</param>
/// <param name="BugFound">Whether an iteration failed.</param>
/// <param name="BugKind">The emulator finding kind of the first failing iteration, if any.</param>
/// <param name="Elapsed">Wall time of <c>TestingEngine.Run</c>, engine creation included.</param>
internal sealed record CoyoteRunResult(
    long Iterations,
    long EmulatorSteps,
    long CoyoteSteps,
    bool BugFound,
    string? BugKind,
    TimeSpan Elapsed);
