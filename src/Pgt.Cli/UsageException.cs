namespace Pgt.Cli;

/// <summary>
/// Bad usage or bad input: the command prints <see cref="Exception.Message"/> as one line on stderr and
/// exits with 2. The message never contains a stack trace.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
