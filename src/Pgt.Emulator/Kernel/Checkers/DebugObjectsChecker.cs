using Pgt.Emulator.Checkers;
using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// CONFIG_DEBUG_OBJECTS_RCU_HEAD (kernel-s390.md §5, §7 assertion 3): call_rcu on a queued head
/// ("ODEBUG: activate active", "Double-freed CB"); a store into a queued head through another view (a
/// list operation on <c>lru</c> overwriting <c>rcu_head</c>, the v1 overlay bug); freeing a page whose
/// head is still queued ("ODEBUG: free active").
/// </summary>
internal sealed class DebugObjectsChecker : Checker
{
    public DebugObjectsChecker(KernelView kernel)
        : base(kernel)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnCallRcu(ulong head, int activeRecord, in Callsite site)
    {
        if (activeRecord < 0)
        {
            return;
        }

        var s = Observed.Current;
        ref readonly var r = ref Observed.Rcu.Callback(activeRecord);
        var px = FindingSections.Px(head);
        var sections = new List<ReportSection?>
        {
            new("ODEBUG", [
                $"ODEBUG: activate active (active state 0) object: {px} object type: rcu_head hint: 0x0",
                $"WARNING: CPU: {s.Cpu} PID: {s.Id} at lib/debugobjects.c debug_print_object",
                $"rcu: __call_rcu_common(): Double-freed CB {px}->{r.FuncName}+0x0/0x{PhysicalLayout.FunctionStride:x}()!!! {MemDumpObj(head)}"]),
            new("Second call_rcu", [
                $"call_rcu({FindingSections.Hex(head)} = {Reports.Describe(head)}) by {Reports.StrandName(s.Id)} at step {Observed.Step}",
                .. Reports.Stack(s.StackNode, site, "call_rcu")]),
            Reports.Event("First call_rcu, still queued", r.Queued, $"  callback {r.FuncName}, waiting for grace period {r.Needed} (completed: {Observed.Rcu.Completed})"),
        };
        AddPageDump(sections, head);
        Observed.Fail(Reports.Make(FindingKinds.DoubleCallRcu, Reports.Function(s, site), Reports.Subject(head), sections));
    }

    public override void OnAccess(in MemoryAccess access)
    {
        if (access.Kind == AccessKind.Read || access.View is View.RcuHeadNext or View.RcuHeadFunc)
        {
            return;
        }

        // A queued head is active from the step that queued it (which declared both its words) to the
        // step that took its callback.
        var rcu = Observed.Rcu;
        if (rcu.ActiveCount == 0)
        {
            return;
        }

        var asNext = rcu.ActiveRecord(access.Address) >= 0;
        if (!asNext && rcu.ActiveRecord(access.Address - 8) < 0)
        {
            return;
        }

        var head = asNext ? access.Address : access.Address - 8;
        var member = asNext ? "rcu_head.next" : "rcu_head.func";
        var record = rcu.ActiveRecord(head);
        var isList = access.Primitive.StartsWith("list_", StringComparison.Ordinal)
            || access.Primitive == "INIT_LIST_HEAD";
        var kind = isList ? FindingKinds.ListCorruption : FindingKinds.RcuHeadOverwritten;
        var sections = new List<ReportSection?>
        {
            new("ODEBUG", [
                $"{access.Primitive} writes {access.View.Name()} over {member} of a queued rcu_head (ODEBUG: object {FindingSections.Px(head)} is active, object type: rcu_head)",
                isList ? "the list operation corrupts RCU's callback list: the callback is lost or called through a list pointer" : "the queued callback is corrupted"]),
            Reports.Access(access),
        };
        if (record >= 0)
        {
            ref readonly var r = ref Observed.Rcu.Callback(record);
            sections.Add(Reports.Event("Queued by call_rcu", r.Queued, $"  callback {r.FuncName}, waiting for grace period {r.Needed} (completed: {Observed.Rcu.Completed})"));
        }

        AddPageDump(sections, head);
        Observed.Fail(Reports.Make(kind, Reports.Function(access.Stack, access.Site), Reports.Subject(head), sections));
    }

    public override void OnPageFree(Page page, int order, uint refcountAfter, ulong flags, in Callsite site)
    {
        // The head's active state is read from its first word, which the free's scheduling point declares.
        var head = page.WordAddress(StructPage.LruNext);
        if (refcountAfter != 0 || Observed.Rcu.ActiveRecord(head) < 0)
        {
            return;
        }

        var s = Observed.Current;
        var record = Observed.Rcu.ActiveRecord(head);
        var funcName = record >= 0 ? Observed.Rcu.Callback(record).FuncName : "?";
        var sections = new List<ReportSection?>
        {
            new("ODEBUG", [
                $"ODEBUG: free active (active state 0) object: {FindingSections.Px(head)} object type: rcu_head hint: {funcName}+0x0/0x{PhysicalLayout.FunctionStride:x}",
                "the page is freed while its rcu_head is still queued: the callback will run on freed (maybe reused) memory"]),
            new("Free", [$"__free_page({page}) by {Reports.StrandName(s.Id)} at step {Observed.Step}", .. Reports.Stack(s.StackNode, site, "__free_page")]),
            record >= 0 ? Reports.Event("Queued by call_rcu", Observed.Rcu.Callback(record).Queued) : null,
            Reports.PageDump(page.Pfn),
        };
        Observed.Fail(Reports.Make(FindingKinds.BadPageRelease, Reports.Function(s, site), page.ToString(), sections));
    }

    private string MemDumpObj(ulong head) =>
        Observed.IsRam(head) && Lifetime.Kind(head >> PhysicalLayout.PageShift) == PageKind.Vmemmap
            ? "non-slab/vmalloc memory (struct page)"
            : "non-slab/vmalloc memory";

    private void AddPageDump(List<ReportSection?> sections, ulong head)
    {
        if (Observed.IsRam(head) && Lifetime.Kind(head >> PhysicalLayout.PageShift) == PageKind.Vmemmap)
        {
            sections.Add(Reports.PageDump(StructPage.PfnOf(head)));
        }
    }
}
