namespace Pgt.Emulator.Kernel;

/// <summary>A strand's kernel context as the checkers and the reports read it (<see cref="StrandState"/> owns it).</summary>
internal interface IStrandView
{
    int Id { get; }
    bool Known { get; }
    StrandRole Role { get; }
    int Cpu { get; }
    int IrqDepth { get; }
    int PreemptDepth { get; }
    int BhDepth { get; }
    int RcuDepth { get; }

    /// <summary>Running an RCU callback in softirq context.</summary>
    bool InSoftirq { get; }

    /// <summary>Inside a read-side section of any flavour, and which one (its sequence number, start, kind).</summary>
    bool SectionOpen { get; }
    int SectionSeq { get; }
    int SectionStep { get; }
    int SectionStack { get; }
    string SectionKind { get; }
    Callsite SectionSite { get; }

    /// <summary>The emulated call stack now.</summary>
    int StackNode { get; }
    IReadOnlyList<ulong> HeldLocks { get; }

    /// <summary>Inside an RCU read-side section of any flavour.</summary>
    bool IsReader { get; }
}
