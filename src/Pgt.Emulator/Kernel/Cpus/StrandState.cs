using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// Per-strand kernel context: its CPU, irq/preempt/bh/RCU depths, the reader section it is in (any of
/// them makes it an RCU reader, as in the consolidated RCU of mm/mmu_gather.c's semi-RCU), its held
/// locks and its emulated call stack.
/// </summary>
internal sealed class StrandState : IStrandView
{
    public StrandState(Machine machine, int id)
    {
        Id = id;
        CpuTurn = new CpuTurnCondition(machine, this);
        LockWait = new LockFreeCondition(machine);
    }

    public int Id { get; }

    public bool Known;
    public StrandRole Role;
    public int Cpu;

    public int IrqDepth;
    public int PreemptDepth;
    public int BhDepth;
    public int RcuDepth;

    /// <summary>Running an RCU callback in softirq context.</summary>
    public bool InSoftirq;

    public bool SectionOpen;
    public int SectionSeq;
    public int SectionStep;
    public int SectionStack;
    public string SectionKind = "";
    public Callsite SectionSite;

    public bool IrqOffOpen;
    public int IrqSeq;
    public int IrqStep;
    public int IrqStack;

    public int StackNode;
    public readonly List<ulong> HeldLocks = new();

    /// <summary>
    /// What the strand declared at its last scheduling point: the step running now. Lifetime state may
    /// change only on resources it declares as written (<see cref="PageLifetimes"/> checks).
    /// </summary>
    public Operation Declared;

    public CpuTurnCondition CpuTurn { get; }

    public LockFreeCondition LockWait { get; }

    /// <summary>The depths together (<see cref="ContextDepths"/> says what a change of one does).</summary>
    public ContextDepths Depths
    {
        get => new(IrqDepth, PreemptDepth, BhDepth, RcuDepth, InSoftirq);
        set => (IrqDepth, PreemptDepth, BhDepth, RcuDepth, InSoftirq) = (value.Irq, value.Preempt, value.Bh, value.Rcu, value.Softirq);
    }

    /// <summary>Inside an RCU read-side section of any flavour.</summary>
    public bool IsReader => Depths.IsReader;

    /// <summary>Cannot be preempted: keeps its CPU from the other tasks bound to it.</summary>
    public bool NonPreemptible => IrqDepth + PreemptDepth + BhDepth > 0;

    /// <summary>Softirqs may interrupt this task (irqs on and bh enabled).</summary>
    public bool SoftirqsEnabled => IrqDepth == 0 && BhDepth == 0 && !InSoftirq;

    public void Reset()
    {
        Known = false;
        Role = StrandRole.Process;
        Cpu = 0;
        IrqDepth = PreemptDepth = BhDepth = RcuDepth = 0;
        InSoftirq = false;
        SectionOpen = false;
        SectionSeq = SectionStep = SectionStack = 0;
        SectionKind = "";
        SectionSite = default;
        IrqOffOpen = false;
        IrqSeq = IrqStep = IrqStack = 0;
        StackNode = StackDepot.Empty;
        HeldLocks.Clear();
        Declared = Operation.Local;
    }

    int IStrandView.Id => Id;
    bool IStrandView.Known => Known;
    StrandRole IStrandView.Role => Role;
    int IStrandView.Cpu => Cpu;
    int IStrandView.IrqDepth => IrqDepth;
    int IStrandView.PreemptDepth => PreemptDepth;
    int IStrandView.BhDepth => BhDepth;
    int IStrandView.RcuDepth => RcuDepth;
    bool IStrandView.InSoftirq => InSoftirq;
    bool IStrandView.SectionOpen => SectionOpen;
    int IStrandView.SectionSeq => SectionSeq;
    int IStrandView.SectionStep => SectionStep;
    int IStrandView.SectionStack => SectionStack;
    string IStrandView.SectionKind => SectionKind;
    Callsite IStrandView.SectionSite => SectionSite;
    int IStrandView.StackNode => StackNode;
    IReadOnlyList<ulong> IStrandView.HeldLocks => HeldLocks;
}

/// <summary>A task may run when no other task holds its CPU non-preemptibly and no softirq interrupts it.</summary>
internal sealed class CpuTurnCondition : IWaitCondition
{
    private readonly Machine _machine;
    private readonly StrandState _strand;

    public CpuTurnCondition(Machine machine, StrandState strand)
    {
        this._machine = machine;
        this._strand = strand;
    }

    public bool IsSatisfied => _machine.Cpus.MayRun(_strand);

    public override string ToString() => $"CPU{_strand.Cpu} to be free (held by another task or a softirq)";
}
