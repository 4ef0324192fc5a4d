using System.Diagnostics.CodeAnalysis;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// What the checkers and the reports may see of the machine: memory and its last writers, lifetime state,
/// RCU, strands, stacks, function names. Nothing here changes the machine; a checker's only effect is
/// <see cref="Fail"/>, which ends the execution with its finding.
/// </summary>
internal sealed class KernelView
{
    private readonly Machine _machine;

    public KernelView(Machine machine) => _machine = machine;

    public MachineOptions Options => _machine.Options;

    /// <summary>The step of the operation in progress (as the schedule in a report numbers decisions).</summary>
    public int Step => _machine.Step;

    public IStrandView Current => _machine.Current;

    public IStrandView Strand(int id) => _machine.Strand(id);

    public int StrandCount => _machine.StrandCount;

    public string NameOf(int strand) => _machine.NameOf(strand);

    public ILifetimeView Lifetime => _machine.Lifetime;

    /// <summary>The shared report sections, which read through this view too.</summary>
    public FindingSections Findings => _machine.Findings;

    /// <summary>The builders of the faults the kernel itself reports (sleeping in atomic context, ...).</summary>
    public KernelFaults Faults => _machine.Faults;

    public IRcuView Rcu => _machine.Rcu;

    public bool IsRam(ulong pa) => _machine.Memory.IsRam(pa);

    public ulong Peek(ulong pa) => _machine.Memory.Peek(pa);

    public WordShadow PeekWord(ulong pa) => _machine.Words.Peek(pa);

    /// <summary>Strand <paramref name="index"/> of a section snapshot taken at <paramref name="offset"/>.</summary>
    public int SnapshotStrand(int offset, int index) => _machine.Snapshots.Strand(offset, index);

    /// <summary>The section sequence number of entry <paramref name="index"/> of a snapshot.</summary>
    public int SnapshotSeq(int offset, int index) => _machine.Snapshots.Seq(offset, index);

    public IEnumerable<FrameInfo> Frames(int stack) => _machine.Stacks.Frames(stack);

    public FrameInfo? Innermost(int stack) => _machine.Stacks.Innermost(stack);

    /// <summary>"pte_free_now+0x0/0x100" style, or null when the address is no function.</summary>
    public string? Symbolize(ulong address) => _machine.Functions.Symbolize(address);

    /// <summary>The view a lock word is read as (a page's ptl, an mm's context.lock, or a plain spinlock).</summary>
    public View LockView(ulong address) => LockPrimitives.LockView(_machine, address);

    /// <summary>Who does something now, and where.</summary>
    public EventRecord Record(IStrandView s, string what, in Callsite site) => new(s.Id, Step, s.StackNode, site, what);

    [DoesNotReturn]
    public void Fail(Finding finding) => _machine.Fail(finding);
}
