namespace Pgt.Emulator.Exploration.Strands;

/// <summary>
/// Runs strands one at a time by passing a baton. The explorer's controller thread starts an execution,
/// then waits in <see cref="WaitForController"/> while the strands pass the baton among themselves; the
/// strand that ends the execution hands it back with <see cref="ReturnToController"/>.
/// One back-end serves one worker; executions reuse its carriers.
/// </summary>
public interface IStrandBackend : IDisposable
{
    /// <summary>A carrier that runs <paramref name="body"/> the first time it is resumed.</summary>
    IStrandCarrier Launch(Action body);

    /// <summary>Waits until a strand hands the baton back; false when <paramref name="timeout"/> passed first.</summary>
    bool WaitForController(TimeSpan timeout);

    /// <summary>Hands the baton back to the controller.</summary>
    void ReturnToController();
}
