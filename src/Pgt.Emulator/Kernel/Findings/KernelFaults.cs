using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// The faults the machine raises itself, as the kernel would: a wild access (NULL, a poison, a function
/// used as data), unbalanced irq/preempt/bh/RCU depths, running out of emulated RAM, sleeping in atomic
/// context, an RCU callback that is not a function.
/// </summary>
internal sealed class KernelFaults
{
    private readonly KernelView _view;
    private readonly FindingSections _sections;

    public KernelFaults(KernelView view, FindingSections sections)
    {
        _view = view;
        _sections = sections;
    }

    public Finding WildAccess(IStrandView s, ulong pa, AccessKind kind, View view, string primitive, in Callsite site)
    {
        var access = new MemoryAccess(kind, pa, 0, 0, view, AccessMode.Plain, primitive, site, s.Id,
            _view.Step, s.StackNode);
        var what = pa < PhysicalLayout.PageSize
            ? $"BUG: kernel NULL pointer dereference, address: {FindingSections.Px(pa)}"
            : $"BUG: unable to handle page fault for address: {FindingSections.Px(pa)}";
        return _sections.Make(FindingKinds.WildAccess, _sections.Function(s, site), $"address {FindingSections.Hex(pa)}",
        [
            new ReportSection("Fault", [what, $"  the address is {_sections.Describe(pa)}"]),
            new ReportSection("Access", [
                $"{(kind == AccessKind.Read ? "Read" : "Write")} of 8 bytes at {FindingSections.Hex(pa)} as {view.Name()} by {_sections.StrandName(s.Id)} at step {_view.Step}",
                .. _sections.Stack(access.Stack, site, primitive)]),
        ]);
    }

    public Finding Unbalanced(IStrandView s, string primitive, in Callsite site, string message) =>
        _sections.Make(FindingKinds.UnbalancedContext, _sections.Function(s, site),
        [
            new ReportSection("Context", [$"WARNING: {message}", $"  by {_sections.StrandName(s.Id)} at step {_view.Step}",
                .. _sections.Stack(s.StackNode, site, primitive)]),
        ]);

    public Finding Warning(IStrandView s, string macro, string condition, in Callsite site) =>
        _sections.Make(FindingKinds.Warning, _sections.Function(s, site),
        [
            new ReportSection("Warning", [
                $"WARNING: CPU: {s.Cpu} PID: {s.Id} at {site.FileName}:{site.Line} {_sections.Function(s, site)}",
                $"  {macro}({condition})",
                $"  by {_sections.StrandName(s.Id)} at step {_view.Step}",
                .. _sections.Stack(s.StackNode, site, macro)]),
        ]);

    public Finding OutOfMemory(IStrandView s, int order, string primitive, in Callsite site) =>
        _sections.Make(FindingKinds.OutOfMemory, _sections.Function(s, site),
        [
            new ReportSection("Allocation", [
                $"page allocation failure: order:{order}: the emulated RAM ({_view.Options.PageCount} pages) is exhausted; raise MachineOptions.PageCount",
                .. _sections.Stack(s.StackNode, site, primitive)]),
        ]);

    public Finding SleepInAtomic(IStrandView s, string primitive, in Callsite site, string message) =>
        _sections.Make(FindingKinds.SleepInAtomic, _sections.Function(s, site),
        [
            new ReportSection("Context", [
                $"BUG: sleeping function called from invalid context: {message}",
                $"in_atomic(): {(s.IsReader ? 1 : 0)}, irqs_disabled(): {(s.IrqDepth > 0 ? 1 : 0)}, in_softirq(): {(s.InSoftirq ? 1 : 0)}, name: {_view.NameOf(s.Id)}",
                $"by {_sections.StrandName(s.Id)} at step {_view.Step}",
                .. _sections.Stack(s.StackNode, site, primitive)]),
            s.SectionOpen ? _sections.ReaderSection("The section it is in", s.Id) : null,
        ]);

    public Finding CorruptedCallback(IStrandView s, int record, ulong func)
    {
        ref readonly var r = ref _view.Rcu.Callback(record);
        return _sections.Make(FindingKinds.CorruptedCallback, "rcu_do_batch", $"rcu_head {FindingSections.Hex(r.Head)}",
        [
            new ReportSection("Oops", [
                $"BUG: unable to handle page fault for address: {FindingSections.Px(func)} (rcu_head.func is not a function: {_sections.Describe(func)})",
                $"the callback queued as {r.FuncName} by T{r.Queued.Strand} at step {r.Queued.Step} was overwritten",
                $"in {_sections.StrandName(s.Id)} at step {_view.Step}"]),
            _sections.LastWriterSection("Last writer of rcu_head.func", r.Head + 8, View.RcuHeadFunc),
            _sections.Event("Queued by call_rcu", r.Queued),
        ]);
    }
}
