using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// CONFIG_DEBUG_OBJECTS_RCU_HEAD (kernel-s390.md §5, §7 assertion 3): call_rcu on a queued head
/// ("ODEBUG: activate active", "Double-freed CB"); a store into a queued head through another view (a
/// list operation on <c>lru</c> overwriting <c>rcu_head</c>, the v1 overlay bug); freeing a page whose
/// head is still queued ("ODEBUG: free active").
/// </summary>
internal sealed class DebugObjectsChecker : Checker
{
    public DebugObjectsChecker(Machine machine)
        : base(machine)
    {
    }

    public override bool WantsAccesses => true;

    public override void OnCallRcu(ulong head, int activeRecord, in Callsite site)
    {
        if (activeRecord < 0)
        {
            return;
        }

        var s = Machine.Current;
        ref var r = ref Machine.Rcu.Record(activeRecord);
        var px = ReportWriter.Px(head);
        var sections = new List<ReportSection?>
        {
            new("ODEBUG", [
                $"ODEBUG: activate active (active state 0) object: {px} object type: rcu_head hint: 0x0",
                $"WARNING: CPU: {s.Cpu} PID: {s.Id} at lib/debugobjects.c debug_print_object",
                $"rcu: __call_rcu_common(): Double-freed CB {px}->{r.FuncName}+0x0/0x{PhysicalLayout.FunctionStride:x}()!!! {MemDumpObj(head)}"]),
            new("Second call_rcu", [
                $"call_rcu({ReportWriter.Hex(head)} = {Reports.Describe(head)}) by {Reports.StrandName(s.Id)} at step {Machine.Step}",
                .. Reports.Stack(s.StackNode, site, "call_rcu")]),
            Reports.Event("First call_rcu, still queued", r.Queued, $"  callback {r.FuncName}, waiting for grace period {r.Needed} (completed: {Machine.Rcu.Completed})"),
        };
        AddPageDump(sections, head);
        Machine.Fail(Reports.Make(FindingKinds.DoubleCallRcu, Reports.Function(s, site), Reports.Subject(head), sections));
    }

    public override void OnAccess(in MemoryAccess access)
    {
        if (access.Kind == AccessKind.Read || access.View is View.RcuHeadNext or View.RcuHeadFunc)
        {
            return;
        }

        var flags = Shadow.PeekWord(access.Address).Flags;
        if ((flags & (WordFlags.ActiveRcuHead | WordFlags.ActiveRcuFunc)) == 0)
        {
            return;
        }

        var head = (flags & WordFlags.ActiveRcuHead) != 0 ? access.Address : access.Address - 8;
        var member = (flags & WordFlags.ActiveRcuHead) != 0 ? "rcu_head.next" : "rcu_head.func";
        var record = Machine.Rcu.ActiveRecord(head);
        var isList = access.Primitive.StartsWith("list_", StringComparison.Ordinal)
            || access.Primitive == "INIT_LIST_HEAD";
        var kind = isList ? FindingKinds.ListCorruption : FindingKinds.RcuHeadOverwritten;
        var sections = new List<ReportSection?>
        {
            new("ODEBUG", [
                $"{access.Primitive} writes {access.View.Name()} over {member} of a queued rcu_head (ODEBUG: object {ReportWriter.Px(head)} is active, object type: rcu_head)",
                isList ? "the list operation corrupts RCU's callback list: the callback is lost or called through a list pointer" : "the queued callback is corrupted"]),
            Reports.Access(access),
        };
        if (record >= 0)
        {
            ref var r = ref Machine.Rcu.Record(record);
            sections.Add(Reports.Event("Queued by call_rcu", r.Queued, $"  callback {r.FuncName}, waiting for grace period {r.Needed} (completed: {Machine.Rcu.Completed})"));
        }

        AddPageDump(sections, head);
        Machine.Fail(Reports.Make(kind, Reports.Function(access.Stack, access.Site), Reports.Subject(head), sections));
    }

    public override void OnPageFree(Page page, int order, uint refcountAfter, ulong flags, in Callsite site)
    {
        // The head's active state is read from its first word, which the free's scheduling point declares.
        var head = page.WordAddress(StructPage.LruNext);
        if (refcountAfter != 0 || (Shadow.PeekWord(head).Flags & WordFlags.ActiveRcuHead) == 0)
        {
            return;
        }

        var s = Machine.Current;
        var record = Machine.Rcu.ActiveRecord(head);
        var funcName = record >= 0 ? Machine.Rcu.Record(record).FuncName : "?";
        var sections = new List<ReportSection?>
        {
            new("ODEBUG", [
                $"ODEBUG: free active (active state 0) object: {ReportWriter.Px(head)} object type: rcu_head hint: {funcName}+0x0/0x{PhysicalLayout.FunctionStride:x}",
                "the page is freed while its rcu_head is still queued: the callback will run on freed (maybe reused) memory"]),
            new("Free", [$"__free_page({page}) by {Reports.StrandName(s.Id)} at step {Machine.Step}", .. Reports.Stack(s.StackNode, site, "__free_page")]),
            record >= 0 ? Reports.Event("Queued by call_rcu", Machine.Rcu.Record(record).Queued) : null,
            Reports.PageDump(page.Pfn),
        };
        Machine.Fail(Reports.Make(FindingKinds.BadPageRelease, Reports.Function(s, site), page.ToString(), sections));
    }

    private string MemDumpObj(ulong head) =>
        Machine.Memory.IsRam(head) && Shadow.Kind[head >> PhysicalLayout.PageShift] == PageKind.Vmemmap
            ? "non-slab/vmalloc memory (struct page)"
            : "non-slab/vmalloc memory";

    private void AddPageDump(List<ReportSection?> sections, ulong head)
    {
        if (Machine.Memory.IsRam(head) && Shadow.Kind[head >> PhysicalLayout.PageShift] == PageKind.Vmemmap)
        {
            sections.Add(Reports.PageDump(ReportWriter.PageOfStructPageWord(head)));
        }
    }
}
