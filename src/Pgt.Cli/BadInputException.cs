namespace Pgt.Cli;

/// <summary>
/// Bad input: a command line pgt cannot use, or files it cannot read, compile or find scenarios in, or a
/// trace it cannot replay. The command prints <see cref="Exception.Message"/> as one line on stderr and
/// exits with 2. The message never contains a stack trace.
/// </summary>
public sealed class BadInputException : Exception
{
    public BadInputException(string message)
        : base(message)
    {
    }

    public BadInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
