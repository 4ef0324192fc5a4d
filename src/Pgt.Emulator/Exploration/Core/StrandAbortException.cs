namespace Pgt.Emulator.Exploration.Core;

/// <summary>
/// Thrown out of a scheduling point to unwind a strand once its execution is over. The strand wrapper
/// catches it; scenario code that swallows it gets it again at its next scheduling point.
/// </summary>
internal sealed class StrandAbortException : Exception
{
    public StrandAbortException()
        : base("the execution is over; this strand is being unwound")
    {
    }
}
