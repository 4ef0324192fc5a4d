using Pgt.Emulator.Exploration.Strands;

namespace Pgt.Emulator.Exploration.Core;

/// <summary>The explorer's bookkeeping for one strand of one execution.</summary>
internal sealed class Strand
{
    public Strand(int index, string name, bool daemon, Action body, int spawnEvent)
    {
        Index = index;
        Name = name;
        Daemon = daemon;
        Body = body;
        SpawnEvent = spawnEvent;
    }

    public int Index { get; }

    public StrandId Id => new(Index);

    public string Name { get; }

    public bool Daemon { get; }

    public Action Body { get; }

    /// <summary>The decision (index into the log) whose step spawned this strand; -1 for main.</summary>
    public int SpawnEvent { get; }

    /// <summary>What the strand does when next picked; <see cref="Operation.Local"/> before its first step.</summary>
    public Operation Pending { get; set; } = Operation.Local;

    /// <summary>Set while the strand waits in <see cref="IExecution.WaitUntil"/>.</summary>
    public IWaitCondition? Wait { get; set; }

    public IStrandCarrier? Carrier { get; set; }

    /// <summary>The thread that may call the execution for this strand; -1 before it starts.</summary>
    public int ThreadId { get; set; } = -1;

    public bool Started { get; set; }

    public bool Finished { get; set; }

    public bool IsEnabled => !Finished && (Wait is null || Wait.IsSatisfied);

    public string Label => $"{Id} \"{Name}\"";
}
