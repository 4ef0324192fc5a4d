namespace Pgt.Emulator.Exploration.Strands;

/// <summary>What runs one strand. Only the baton holder calls <see cref="Resume"/>.</summary>
public interface IStrandCarrier
{
    /// <summary>The managed thread the strand runs on, or -1 when the carrier is not tied to a thread.</summary>
    int ThreadId { get; }

    /// <summary>Hands the baton to this carrier's strand.</summary>
    void Resume();

    /// <summary>Called by this carrier's own strand: gives up the baton and returns once resumed.</summary>
    void Park();

    /// <summary>
    /// The strand ran away (it never reaches a scheduling point). The carrier is never reused; if it
    /// comes back at all, it just ends.
    /// </summary>
    void Abandon();

    /// <summary>Whether <see cref="Abandon"/> was called.</summary>
    bool IsAbandoned { get; }
}
