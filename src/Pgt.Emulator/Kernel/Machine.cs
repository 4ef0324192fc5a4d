using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// One emulated s390 machine for one execution: physical memory with struct pages in a vmemmap, a page
/// allocator, CPUs, strands bound to CPUs, RCU, mmu_gather, and the checkers that observe it all. Every
/// primitive (the kernel's extension methods, and RCU's API built on this machine from outside the kernel namespace) calls
/// <see cref="IExecution.Point"/> before it acts, with the physical word it touches as the resource.
/// The machine composes its parts; each piece of mutable state has one owner among them (lifetime state:
/// <see cref="PageLifetimes"/>; last writers: <see cref="WordHistory"/>), and the checkers read through
/// <see cref="KernelView"/>. Not thread-safe: all calls come from the strand holding the baton. Reuse it
/// with <see cref="Reset"/>.
/// </summary>
public sealed class Machine
{
    /// <summary>
    /// RCU's callback state across CPUs (the callbacks running, which heads are queued, the daemons): each
    /// CPU's queue is that CPU's <see cref="CpuResource"/>, whose steps only update this one (shared); the
    /// grace-period state is <see cref="GracePeriodResource"/>, the reader sections are per-strand state.
    /// </summary>
    internal static readonly ulong RcuResource = Resources.Sync(1);

    /// <summary>
    /// RCU's grace-period state: the grace periods started and requested, and the record of the sections the
    /// next one waits for (reduction 6 of issue 13); the grace periods completed are
    /// <see cref="CompletedGracePeriodsResource"/>.
    /// </summary>
    internal static readonly ulong GracePeriodResource = Resources.Sync(3);

    /// <summary>
    /// The grace periods completed (rcu_state.gp_seq's completed part): gp_end writes it, and the waits for a
    /// grace period to complete read it (a callback's readiness, synchronize_rcu's return; reduction 11 of issue 13).
    /// </summary>
    internal static readonly ulong CompletedGracePeriodsResource = Resources.Sync(4);

    /// <summary>The page allocator's free lists.</summary>
    internal static readonly ulong AllocatorResource = Resources.Sync(2);

    // Sync ids of the CPUs' hand-off state: CpuResourceBase + cpu.
    private const int CpuResourceBase = 16;

    private readonly List<StrandState> _strands = new();
    private readonly ulong _vmemmapEnd;
    private int _nextCpu;
    private int _nextMmSerial;
    private bool _spawned;

    public Machine(IExecution execution, MachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(execution);
        Options = options ?? MachineOptions.Default;
        Options.Validate();
        Memory = new PhysicalMemory(Options.PageCount);
        _vmemmapEnd = PhysicalLayout.FirstAllocatablePfn(Options.PageCount) << PhysicalLayout.PageShift;
        Words = new WordHistory(Options.PageCount);
        Lifetime = new PageLifetimes(this, Options.PageCount, Snapshots);
        Cpus = new CpuTable(Strand);
        Allocator = new PageAllocator(this);
        Rcu = new RcuEngine(this, Lifetime);
        CheckerView = new KernelView(this);
        Findings = new FindingSections(CheckerView);
        Faults = new KernelFaults(CheckerView, Findings);
        Hub = new CheckerHub(CheckerView, Options.Checkers);
        ListDebug = Options.Checkers.HasFlag(CheckerSet.ListDebug) ? new ListDebug(this) : null;
        Execution = execution;
        Boot();
    }

    public MachineOptions Options { get; }

    /// <summary>CONFIG_PT_RECLAIM of the kernel running: <see cref="MachineOptions.PtReclaim"/>, or selected by the scenario.</summary>
    public bool PtReclaim { get; private set; }

    /// <summary>
    /// Selects CONFIG_PT_RECLAIM for this execution, as the kernel under test was built: only before the
    /// scenario starts any strand, since a kernel's configuration does not change while it runs.
    /// </summary>
    public void SelectPtReclaim()
    {
        if (_spawned)
        {
            throw new InvalidOperationException("SelectPtReclaim: a kernel's configuration is chosen before any strand starts");
        }

        PtReclaim = true;
    }

    public IExecution Execution { get; private set; }

    internal PhysicalMemory Memory { get; }

    /// <summary>The last writer of every word.</summary>
    internal WordHistory Words { get; }

    /// <summary>"Which reader sections were open then" (detach, call_rcu, gp_start, IPI), for all who snapshot them.</summary>
    internal SectionSnapshots Snapshots { get; } = new();

    /// <summary>The owner of page and fragment lifetime state, and of the declarations that cover it.</summary>
    internal PageLifetimes Lifetime { get; }
    internal CpuTable Cpus { get; }
    internal StackDepot Stacks { get; } = new();
    internal PageAllocator Allocator { get; }
    internal FunctionTable Functions { get; } = new();
    internal RcuEngine Rcu { get; }

    /// <summary>mmu_gather's batches in flight.</summary>
    internal TableBatches Batches { get; } = new();

    /// <summary>What the checkers and the reports may read.</summary>
    internal KernelView CheckerView { get; }
    internal FindingSections Findings { get; }
    internal KernelFaults Faults { get; }
    internal CheckerHub Hub { get; }

    /// <summary>CONFIG_DEBUG_LIST, called by the list primitives as lib/list_debug.c is; null when off.</summary>
    internal ListDebug? ListDebug { get; }

    /// <summary>
    /// The step of the operation in progress: the number of the scheduling decision that let it run, as
    /// the schedule in a report numbers decisions.
    /// </summary>
    public int Step => Math.Max(0, Execution.Step - 1);

    /// <summary>The CPU the running strand is bound to.</summary>
    public int CurrentCpu => Current.Cpu;

    /// <summary>
    /// Makes this machine fresh for another execution, as if newly constructed, reusing its arrays.
    /// </summary>
    public void Reset(IExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        Words.Reset(Memory.DirtyPfns);
        Memory.Reset();
        Lifetime.Reset();
        Snapshots.Reset();
        foreach (var s in _strands)
        {
            s.Reset();
        }

        Cpus.Reset();
        Allocator.Reset();
        Functions.Reset();
        Rcu.Reset();
        Batches.Reset();
        Hub.Reset();
        Execution = execution;
        Boot();
    }

    private void Boot()
    {
        _nextCpu = 1;
        _nextMmSerial = 1;
        _spawned = false;
        PtReclaim = Options.PtReclaim;
        Lifetime.Boot();
        Execution.AtEnd(Hub.AtEnd);
    }

    // ---------------------------------------------------------------- strands

    /// <summary>
    /// Starts a task in process context on <paramref name="cpu"/> (by default a CPU of its own).
    /// A scheduling point of the calling strand.
    /// </summary>
    public StrandId Spawn(string name, Action body, int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        _ = Current;
        var onCpu = cpu ?? _nextCpu++;
        if (cpu is { } c && c >= _nextCpu)
        {
            _nextCpu = c + 1;
        }

        var spawner = Current;
        _spawned = true;
        var id = Execution.Spawn(name, () =>
        {
            Init(Strand(Execution.Current.Value), StrandRole.Process, onCpu);
            body();
        });
        spawner.Declared = Operation.Local;
        return id;
    }

    internal StrandId SpawnDaemon(string name, StrandRole role, int cpu, Action loop)
    {
        var spawner = Current;
        var id = Execution.Spawn(name, () =>
        {
            Init(Strand(Execution.Current.Value), role, cpu);
            loop();
        }, daemon: true);
        spawner.Declared = Operation.Local;
        return id;
    }

    internal StrandState Strand(int id)
    {
        while (_strands.Count <= id)
        {
            _strands.Add(new StrandState(this, _strands.Count));
        }

        return _strands[id];
    }

    internal int StrandCount => _strands.Count;

    internal StrandState Current
    {
        get
        {
            var s = Strand(Execution.Current.Value);
            if (!s.Known)
            {
                Init(s, StrandRole.Process, s.Id == 0 ? 0 : _nextCpu++);
            }

            return s;
        }
    }

    private void Init(StrandState s, StrandRole role, int cpu)
    {
        if (s.Known)
        {
            return;
        }

        s.Known = true;
        s.Role = role;
        Cpus.Bind(s, cpu);
    }

    internal string NameOf(int strand) => Execution.NameOf(new StrandId(strand));

    internal int NextMmSerial() => _nextMmSerial++;

    // ---------------------------------------------------------------- emulated call stacks

    /// <summary>
    /// Pushes a frame on the running strand's emulated call stack, for reports:
    /// <c>using var _ = m.Enter("page_table_alloc");</c> (the name defaults to the C# method).
    /// </summary>
    public FrameScope Enter(string? name = null, [CallerMemberName] string member = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var s = Current;
        var previous = s.StackNode;
        // A callback entering its own frame first names the frame its caller pushed for it: one function, one frame.
        var parent = Stacks.Innermost(previous) is { IsCallback: true } callback && callback.Member == member
            ? Stacks.Parent(previous)
            : previous;
        s.StackNode = Stacks.Push(parent, new FrameInfo(name ?? member, member, file, line));
        return new FrameScope(this, s.Id, previous);
    }

    /// <summary>Pushes the frame of a callback called through a pointer (<see cref="FrameInfo.IsCallback"/>).</summary>
    internal FrameScope EnterCallback(in FrameInfo frame)
    {
        var s = Current;
        var previous = s.StackNode;
        s.StackNode = Stacks.Push(previous, frame with { IsCallback = true });
        return new FrameScope(this, s.Id, previous);
    }

    internal void PopFrame(int strand, int previous) => Strand(strand).StackNode = previous;

    // ---------------------------------------------------------------- scheduling

    /// <summary>A scheduling point of the running strand before it performs <paramref name="op"/>.</summary>
    internal void Schedule(StrandState s, Operation op)
    {
        if (!Cpus.MayRun(s))
        {
            // Another task holds this CPU, or a softirq interrupts it: wait for the CPU first.
            Execution.WaitUntil(s.CpuTurn, new Operation(OperationKind.Read, CpuResource(s.Cpu)));
        }

        op = WithMmLifetime(op);
        Execution.Point(op);
        s.Declared = op;
    }

    internal void WaitUntil(StrandState s, IWaitCondition condition, Operation op)
    {
        if (!Cpus.MayRun(s))
        {
            Execution.WaitUntil(s.CpuTurn, new Operation(OperationKind.Read, CpuResource(s.Cpu)));
        }

        op = WithMmLifetime(op);
        Execution.WaitUntil(condition, op);
        s.Declared = op;
    }

    /// <summary>
    /// The resource of a memory operation. struct page words (the vmemmap) and mm_struct words are
    /// resources one word each, so the views of one union word are one resource and different words stay
    /// independent (mmap_lock, i_mmap_rwsem and the context lock of one mm commute). Other memory is one
    /// resource per 2 KiB (a pte table), which also carries that fragment's lifetime state: freeing,
    /// reusing, detaching or queueing a table writes it, so DPOR sees that an access conflicts with every
    /// lifetime event its verdict depends on (<see cref="PageLifetimes"/>). An mm's lifetime stays on its
    /// page's second fragment, which no mm word occupies; every access to an mm word reads it
    /// (<see cref="WithMmLifetime"/>). KERNEL.md argues why this is sound.
    /// </summary>
    internal ulong ResourceOf(ulong pa)
    {
        if (pa >= PhysicalLayout.VmemmapBase && pa < _vmemmapEnd)
        {
            return pa & ~7UL;
        }

        return IsMmWord(pa) ? pa & ~7UL : pa & ~((1UL << Fragments.Shift) - 1);
    }

    /// <summary>A word of an mm_struct page (the page's first fragment; the second carries its lifetime).</summary>
    private bool IsMmWord(ulong pa) =>
        Memory.IsRam(pa) && Lifetime.Kind(pa >> PhysicalLayout.PageShift) == PageKind.Mm
        && (pa & ~PhysicalLayout.PageMask) < (1UL << Fragments.Shift);

    /// <summary>
    /// <paramref name="op"/> plus a read of the lifetime resource of every mm page one of its accesses
    /// touches a word of: the use-after-free verdicts at that access depend on it, and the steps that
    /// hand the page out or free it write it (<see cref="PageLifetimes.WithPageLifetime"/>).
    /// </summary>
    private Operation WithMmLifetime(Operation op)
    {
        var count = op.AccessCount;
        var result = op;
        for (var i = 0; i < count; i++)
        {
            var resource = op.Access(i).Resource;
            if (IsMmWord(resource))
            {
                result = result.And(OperationKind.Read, (resource & PhysicalLayout.PageMask) + (1UL << Fragments.Shift));
            }
        }

        return result;
    }

    private bool IsPmdTable(ulong pa) => Memory.IsRam(pa) && Lifetime.Kind(pa >> PhysicalLayout.PageShift) == PageKind.PmdTable;

    /// <summary>
    /// A change of an irq, preempt, bh, rcu_read_lock or softirq depth: its CPU's hand-off state (who owns the
    /// CPU, whether a softirq may interrupt it), which only the other strands of that CPU and its softirq
    /// read, and the strand's own section state as far as the change moves it. The RCU engine reads sections
    /// through the strand state (reduction 3 of issue 13), and a read that only asks whether recorded
    /// sections ended does not see a beginning (reduction 5; KERNEL.md): so a change that ends a read-side or
    /// irq-off section writes the state, one that only begins one opens it, and a nested change (the strand
    /// stays in the same sections) touches no strand state. The prediction reads only the running strand's
    /// own depths, which no other strand changes.
    /// </summary>
    internal static Operation SectionChange(StrandState s, ContextKind kind, int delta)
    {
        var before = s.Depths;
        var after = before.After(kind, delta);
        var ends = after.IsUnbalanced // Reported after the point; declare the most.
            || (before.IsReader && !after.IsReader) || (before.IsIrqOff && !after.IsIrqOff);
        var begins = (!before.IsReader && after.IsReader) || (!before.IsIrqOff && after.IsIrqOff);
        var boundary = new Operation(OperationKind.ReadModifyWrite, CpuResource(s.Cpu));
        return ends ? boundary.With(StrandStateAccess.WritesOwn)
            : begins ? boundary.With(StrandStateAccess.OpensOwn)
            : boundary;
    }

    /// <summary>The hand-off state of one CPU (<see cref="CpuTable"/>: its occupant, the softirq interrupting it).</summary>
    internal static ulong CpuResource(int cpu) => Resources.Sync(CpuResourceBase + cpu);

    /// <summary>
    /// The scheduling point of a store or atomic at <paramref name="pa"/>, declaring what
    /// <see cref="PageLifetimes.DeclareStore"/> says. That declaration may depend on state it covers (which
    /// table a pmd points to): it is computed again after the point, and if it changed while the strand
    /// waited, the strand declares the new one and waits again, so the step that acts declared what it does.
    /// </summary>
    internal void ScheduleStore(StrandState s, OperationKind kind, ulong pa, RmwOp op, ulong operand, ulong expected) =>
        ScheduleDeclared(s, (kind, pa, op, operand, expected), static (lifetime, store) =>
            lifetime.DeclareStore(store.kind, store.pa, store.op, store.operand, store.expected));

    /// <summary>
    /// A scheduling point for a change of the lifetime state of page <paramref name="pfn"/> alone (the
    /// allocator handing it out, the pgtable ctor), declared and checked as <see cref="ScheduleStore"/> does.
    /// </summary>
    internal void ScheduleLifetime(StrandState s, ulong pfn) =>
        ScheduleDeclared(s, pfn, static (lifetime, page) => lifetime.DeclarePageStep(Operation.Local, page));

    /// <summary>
    /// The loop behind <see cref="ScheduleStore"/> and <see cref="ScheduleLifetime"/>: declare, wait at the
    /// point, declare again, and wait again until the declaration no longer changes while the strand waits.
    /// </summary>
    private void ScheduleDeclared<T>(StrandState s, T step, Func<PageLifetimes, T, Operation> declare)
    {
        var declared = declare(Lifetime, step);
        while (true)
        {
            Schedule(s, declared);
            var now = declare(Lifetime, step);
            if (now == declared)
            {
                return;
            }

            declared = now;
        }
    }

    internal EventRecord Record(StrandState s, string what, in Callsite site) =>
        new(s.Id, Step, s.StackNode, site, what);

    [DoesNotReturn]
    internal void Fail(Finding finding) => Execution.Fail(finding);

    // ---------------------------------------------------------------- word accesses

    internal ulong ReadWord(ulong pa, View view, AccessMode mode, string primitive, in Callsite site)
    {
        var s = Current;
        Schedule(s, new Operation(OperationKind.Read, ResourceOf(pa)));
        return ReadWordNow(s, pa, view, mode, primitive, site);
    }

    /// <summary>A read right after a scheduling point the caller already passed (or of an immutable word).</summary>
    internal ulong ReadWordNow(StrandState s, ulong pa, View view, AccessMode mode, string primitive, in Callsite site)
    {
        CheckAddress(s, pa, AccessKind.Read, view, primitive, site);
        var value = Memory.Peek(pa);
        Hub.OnAccess(new MemoryAccess(AccessKind.Read, pa, value, value, view, mode, primitive, site, s.Id,
            Step, s.StackNode));
        Lifetime.AfterLoad(s.Id, s.SectionOpen, s.SectionSeq, pa, value);
        return value;
    }

    internal void WriteWord(ulong pa, ulong value, View view, AccessMode mode, string primitive, in Callsite site)
    {
        var s = Current;
        ScheduleStore(s, OperationKind.Write, pa, RmwOp.Exchange, value, 0);
        WriteWordNow(s, pa, value, view, mode, primitive, site);
    }

    /// <summary>
    /// Stores <paramref name="value"/> into <paramref name="count"/> consecutive words (memset64): one
    /// scheduling point per resource the run covers (a 2 KiB table, or a struct page word), not per word.
    /// Another strand interleaved between two stores of one run could see nothing a checker cannot judge
    /// at either end of it, and DPOR would otherwise try each of the stores against each conflicting read.
    /// In a pmd table each store is a point of its own: each may detach and attach a different table.
    /// </summary>
    internal void WriteRun(ulong pa, ulong value, int count, View view, string primitive, in Callsite site)
    {
        var s = Current;
        var resource = ulong.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var word = pa + (ulong)i * PhysicalLayout.WordSize;
            var next = ResourceOf(word);
            if (next != resource || IsPmdTable(word))
            {
                resource = next;
                ScheduleStore(s, OperationKind.Write, word, RmwOp.Exchange, value, 0);
            }

            WriteWordNow(s, word, value, view, AccessMode.Plain, primitive, site);
        }
    }

    internal void WriteWordNow(StrandState s, ulong pa, ulong value, View view, AccessMode mode, string primitive,
        in Callsite site)
    {
        CheckAddress(s, pa, AccessKind.Write, view, primitive, site);
        var old = Memory.Peek(pa);
        var access = new MemoryAccess(AccessKind.Write, pa, old, value, view, mode, primitive, site, s.Id,
            Step, s.StackNode);
        Hub.OnAccess(access);
        Commit(access);
    }

    /// <summary>An atomic read-modify-write; returns the old value.</summary>
    internal ulong RmwWord(ulong pa, RmwOp op, ulong operand, ulong expected, View view, string primitive,
        in Callsite site)
    {
        var s = Current;
        ScheduleStore(s, OperationKind.ReadModifyWrite, pa, op, operand, expected);
        return RmwWordNow(s, pa, op, operand, expected, view, primitive, site);
    }

    /// <summary>
    /// An atomic read-modify-write whose step also reads the state kept on <paramref name="alsoReads"/>'s
    /// resource (a checker's verdict at this step depends on it); returns the old value.
    /// </summary>
    internal ulong RmwWordReading(ulong pa, RmwOp op, ulong operand, ulong expected, ulong alsoReads, View view,
        string primitive, in Callsite site)
    {
        var s = Current;
        ScheduleDeclared(s, (pa, op, operand, expected, resource: ResourceOf(alsoReads)), static (lifetime, store) =>
            lifetime.DeclareStore(OperationKind.ReadModifyWrite, store.pa, store.op, store.operand, store.expected)
                .And(OperationKind.Read, store.resource));
        return RmwWordNow(s, pa, op, operand, expected, view, primitive, site);
    }

    /// <summary>An atomic read-modify-write right after the scheduling point the caller passed; returns the old value.</summary>
    internal ulong RmwWordNow(StrandState s, ulong pa, RmwOp op, ulong operand, ulong expected, View view,
        string primitive, in Callsite site)
    {
        CheckAddress(s, pa, AccessKind.ReadModifyWrite, view, primitive, site);
        var old = Memory.Peek(pa);
        var value = RmwArithmetic.Apply(op, old, operand, expected);
        var access = new MemoryAccess(AccessKind.ReadModifyWrite, pa, old, value, view, AccessMode.Atomic,
            primitive, site, s.Id, Step, s.StackNode);
        Hub.OnAccess(access);
        if (value != old || (op != RmwOp.CompareExchange && op != RmwOp.AddHigh32UnlessZero))
        {
            Commit(access);
        }

        return old;
    }

    /// <summary>
    /// Initialises a word of an object nobody else can reach yet (fresh from the allocator, before it is
    /// published): recorded and checked, but not a scheduling point.
    /// </summary>
    internal void InitWord(ulong pa, ulong value, View view, string primitive, in Callsite site) =>
        WriteWordNow(Current, pa, value, view, AccessMode.Plain, primitive, site);

    /// <summary>Boot-time fill of fresh, unpublished memory (a new pmd table): memory and last writer only.</summary>
    internal void InitRaw(ulong pa, ulong value, View view, string primitive, in Callsite site)
    {
        var s = Current;
        Memory.Poke(pa, value);
        Words.Record(pa, s.Id, Step, s.StackNode, view, primitive, site, 0);
    }

    private void Commit(in MemoryAccess a)
    {
        Memory.Poke(a.Address, a.NewValue);
        Words.Record(a.Address, a.Strand, a.Step, a.Stack, a.View, a.Primitive, a.Site, a.OldValue);
        Lifetime.AfterStore(a);
    }

    /// <summary>A struct page pointer that names no page of RAM faults like the kernel would on it.</summary>
    internal void CheckPage(Page page, string primitive, in Callsite site)
    {
        if (page.Pfn == 0 || page.Pfn >= (ulong)Options.PageCount)
        {
            var s = Current;
            Schedule(s, new Operation(OperationKind.Read, ResourceOf(page.PhysAddr)));
            Fail(Faults.WildAccess(s, page.PhysAddr, AccessKind.Read, View.PageFlags, primitive, site));
        }
    }

    private void CheckAddress(StrandState s, ulong pa, AccessKind kind, View view, string primitive, in Callsite site)
    {
        if ((pa & 7) != 0 || !Memory.IsRam(pa))
        {
            Fail(Faults.WildAccess(s, pa, kind, view, primitive, site));
        }
    }

    // ---------------------------------------------------------------- irq / preempt / bh / rcu depth

    internal void ChangeContext(ContextKind kind, int delta, string primitive, in Callsite site)
    {
        var s = Current;
        Schedule(s, SectionChange(s, kind, delta));
        ApplyContext(s, kind, delta, primitive, site);
    }

    internal void ApplyContext(StrandState s, ContextKind kind, int delta, string primitive, in Callsite site)
    {
        var before = s.Depths;
        var after = before.After(kind, delta);
        s.Depths = after;
        var depth = after.Of(kind);
        if (depth < 0)
        {
            Fail(Faults.Unbalanced(s, primitive, site, $"{primitive} without a matching enter ({kind} depth {depth})"));
        }

        var step = Step;
        if (!before.IsIrqOff && after.IsIrqOff)
        {
            s.IrqOffOpen = true;
            s.IrqSeq++;
            s.IrqStep = step;
            s.IrqStack = s.StackNode;
        }
        else if (before.IsIrqOff && !after.IsIrqOff)
        {
            s.IrqOffOpen = false;
        }

        if (!before.IsReader && after.IsReader)
        {
            s.SectionOpen = true;
            s.SectionSeq++;
            s.SectionStep = step;
            s.SectionStack = s.StackNode;
            s.SectionKind = primitive;
            s.SectionSite = site;
        }
        else if (before.IsReader && !after.IsReader)
        {
            s.SectionOpen = false;
        }

        Cpus.Update(s);
    }

    // ---------------------------------------------------------------- lifetime notes from primitives

    /// <summary>A list primitive linked (head != 0) or unlinked the node at <paramref name="node"/>.</summary>
    internal void NoteListed(ulong node, ulong head, string primitive, in Callsite site) =>
        Lifetime.NoteListed(node, head, Record(Current, primitive, site));
}
