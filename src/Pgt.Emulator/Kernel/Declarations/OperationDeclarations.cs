using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// What each kind of primitive declares at its scheduling point, in one place (KERNEL.md, "How a primitive
/// declares its operation"). The rule DPOR needs: every piece of state a step's effect or a checker's
/// verdict reads or writes lives on a resource the step declares, so two steps whose order can change a
/// value or a verdict are declared as conflicting.
/// <list type="bullet">
/// <item>The lifetime state of a 2 KiB fragment of page memory (allocated or free, PageTable, attached to
/// a pmd, detached with which reader sections, queued for RCU, handed out again) lives on the fragment's
/// own memory resource. Every access to that memory already declares it; every event that changes the
/// state declares it as a write: the page allocator and the free, a pmd store (the table it detaches and
/// the one it attaches), a store to the page's <c>_refcount</c> (the count that frees it and s390's A/P
/// byte), the pgtable ctor, call_rcu on the page's rcu_head and the start of its callback,
/// tlb_remove_table and the batch callback.</item>
/// <item>Each strand's read-side section is per-strand state: entering or leaving one writes its own
/// (<see cref="StrandStateAccess.WritesOwn"/>); a step whose verdict or snapshot consults the sections of
/// all strands reads them all (<see cref="StrandStateAccess.ReadsAll"/>): a pmd store that detaches a table
/// (the detach snapshots the open sections), and any store into a fragment, into its page's
/// <c>_refcount</c> or any allocation of its page while the fragment is in its grace period (detached and
/// not handed out since, or queued for RCU): then the checkers judge the step by the readers still in the
/// sections they were in at the detach.</item>
/// <item>That "while" is state, and so is everything else a declaration can only know from shared state
/// (which table a pmd points to now, whether a page is a pmd table): it is always state the declaration
/// itself covers (the fragment's resource), and it is checked again after the point. If it changed while
/// the strand waited, the strand declares again and waits once more (<see cref="Machine.ScheduleStore"/>),
/// so the step that acts has declared exactly what its effect and its verdict read: a step that changes
/// the state conflicts with the declaration, and DPOR tries both orders.</item>
/// </list>
/// What is never done: deciding a declaration from state the declaration does not cover, or not checking it
/// at the point (the bug this replaced: an A-bit store on a page not yet detached declared only its word, so
/// DPOR took it as independent of the pmd store that detached the table, yet the verdict depended on their
/// order).
/// </summary>
internal sealed class OperationDeclarations
{
    private readonly Machine _machine;

    public OperationDeclarations(Machine machine) => this._machine = machine;

    /// <summary>The resource of the lower half of <paramref name="pfn"/>; the upper half's is 2 KiB above.</summary>
    public static ulong FragmentResource(int fragment) => Shadow.FragmentAddress(fragment);

    /// <summary>
    /// A write of the lifetime state of page <paramref name="pfn"/> (both its 2 KiB fragments) added to
    /// <paramref name="operation"/>.
    /// </summary>
    public static Operation WithPageLifetime(Operation operation, ulong pfn, OperationKind kind = OperationKind.Write) =>
        operation.And(kind, pfn << PhysicalLayout.PageShift)
            .And(kind, (pfn << PhysicalLayout.PageShift) + (1UL << Shadow.FragmentShift));

    /// <summary>A step that changes the lifetime state of page <paramref name="pfn"/> only.</summary>
    public static Operation PageLifetime(ulong pfn) => WithPageLifetime(Operation.Local, pfn);

    /// <summary>Entering or leaving a read-side section (irq, preempt, bh, rcu_read_lock).</summary>
    public static Operation SectionBoundary(bool cpuShared) =>
        new Operation(cpuShared ? OperationKind.ReadModifyWrite : OperationKind.Read, Machine.RcuResource)
            .With(StrandStateAccess.WritesOwn);

    /// <summary>
    /// A store or atomic read-modify-write of the word at <paramref name="pa"/>; <paramref name="op"/>,
    /// <paramref name="operand"/> and <paramref name="expected"/> say how the new value follows from the old
    /// one (a plain store is <see cref="RmwOp.Exchange"/>).
    /// </summary>
    public Operation Store(OperationKind kind, ulong pa, RmwOp op, ulong operand, ulong expected)
    {
        var operation = new Operation(kind, _machine.ResourceOf(pa));
        if (!_machine.Memory.IsRam(pa))
        {
            return operation;
        }

        var shadow = _machine.Shadow;
        var pfn = pa >> PhysicalLayout.PageShift;
        if (shadow.Kind[pfn] == PageKind.Vmemmap)
        {
            var page = ReportWriter.PageOfStructPageWord(pa);
            if (ReportWriter.StructPageWord(pa) == StructPage.Counts && page < (ulong)shadow.PageCount)
            {
                // _refcount: reaching 0 frees the page; s390's A bits hand its halves out.
                return PageLifetimeStep(operation, page);
            }

            return operation;
        }

        if (shadow.Kind[pfn] == PageKind.PmdTable)
        {
            // A pmd store detaches the table the pmd points to (and snapshots the reader sections) and
            // attaches the one it will point to (judged like any hand-out).
            var old = _machine.Memory.Peek(pa);
            var next = RmwArithmetic.Apply(op, old, operand, expected);
            var detaches = TableOf(old);
            var attaches = TableOf(next);
            if (detaches != 0)
            {
                operation = operation.And(OperationKind.Write, _machine.ResourceOf(detaches));
            }

            if (attaches != 0)
            {
                operation = operation.And(OperationKind.Write, _machine.ResourceOf(attaches));
            }

            return detaches != 0 || (attaches != 0 && InGracePeriod(Shadow.FragmentOf(attaches)))
                ? operation.With(StrandStateAccess.ReadsAll)
                : operation;
        }

        return InGracePeriod(Shadow.FragmentOf(pa)) ? operation.With(StrandStateAccess.ReadsAll) : operation;
    }

    /// <summary>
    /// <paramref name="operation"/> plus a write of page <paramref name="pfn"/>'s lifetime state, reading the
    /// reader sections when a fragment of the page is in its grace period (a hand-out is then judged by them).
    /// </summary>
    public Operation PageLifetimeStep(Operation operation, ulong pfn)
    {
        operation = WithPageLifetime(operation, pfn);
        var f = (int)(pfn * 2);
        return InGracePeriod(f) || InGracePeriod(f + 1) ? operation.With(StrandStateAccess.ReadsAll) : operation;
    }

    /// <summary>
    /// The fragment is in its grace period: queued for RCU, or detached from its pmd and not handed out
    /// since. Stores into it, and handing it out, are judged by the reader sections.
    /// </summary>
    public bool InGracePeriod(int fragment)
    {
        var shadow = _machine.Shadow;
        return shadow.QueuePending[fragment]
            || (shadow.Detached[fragment].IsSet && shadow.DetachGeneration[fragment] == shadow.FragmentGeneration[fragment]);
    }

    /// <summary>The pte table a pmd value points to, when it is in RAM; else 0.</summary>
    private ulong TableOf(ulong pmd)
    {
        var table = PageTableBits.PmdTableAddress(pmd);
        return table != 0 && _machine.Memory.IsRam(table) ? table : 0;
    }
}
