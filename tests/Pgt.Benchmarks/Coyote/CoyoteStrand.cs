using Pgt.Emulator.Exploration;

namespace Pgt.Benchmarks.Coyote;

/// <summary>The Coyote back-end's bookkeeping for one strand of one iteration.</summary>
internal sealed class CoyoteStrand
{
    public CoyoteStrand(int index, string name, bool daemon)
    {
        Index = index;
        Name = name;
        Daemon = daemon;
    }

    public int Index { get; }

    public string Name { get; }

    public bool Daemon { get; }

    /// <summary>Set while the strand is paused in <see cref="IExecution.WaitUntil"/>.</summary>
    public IWaitCondition? Wait { get; set; }

    public bool Finished { get; set; }

    /// <summary>A daemon that waits for work nobody can give it any more (the execution is quiescent).</summary>
    public bool IsIdleDaemon => Daemon && !Finished && Wait is { IsSatisfied: false };
}
