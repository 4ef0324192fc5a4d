namespace Pgt.Emulator.Exploration.Traces;

/// <summary>
/// A trace cannot be read or does not fit the scenario. The message is one line that a command can
/// print as it is.
/// </summary>
public sealed class TraceException : Exception
{
    public TraceException(string message)
        : base(message)
    {
    }

    public TraceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
