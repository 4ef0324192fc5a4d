using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// The one owner of lifetime state: per page (allocated or free, what it is used for, listed on which
/// list, its events with their stacks) and per 2 KiB page-table fragment (attached to which pmd, detached
/// when and with which reader sections open, queued for RCU by whom, handed out again). Its arrays are
/// private. Each change is an intent method (hand a page out, free it, make it a pte table, note a list
/// operation, a store's effect on pmds and s390's A bits, a head queued for RCU, a callback starting, a
/// table queued in an mmu_gather batch) and the declarations the steps make live here too, next to the
/// state they cover (KERNEL.md, "How a primitive declares its operation"). An intent method that changes
/// lifetime state first checks that the running step declared a write of the resource that state lives
/// on, so a missed declaration fails every test that reaches it instead of making DPOR silently unsound.
/// Readers (the checkers, the reports) see it through <see cref="ILifetimeView"/>.
/// </summary>
internal sealed class PageLifetimes : ILifetimeView, IRcuHeadListener
{
    private readonly Machine _machine;
    private readonly SectionSnapshots _snapshots;

    // per page
    private readonly PageState[] _state;
    private readonly PageKind[] _kind;
    private readonly int[] _order;
    private readonly bool[] _quarantined;
    private readonly ulong[] _listedOn;
    private readonly int[] _mmSerial;
    private readonly EventRecord[] _allocated;
    private readonly EventRecord[] _freed;
    private readonly EventRecord[] _listed;
    private readonly EventRecord[] _unlisted;
    private readonly EventRecord[] _rcuQueued;
    private readonly long[] _rcuGpNeeded;
    private readonly EventRecord[] _ctor;
    private readonly EventRecord[] _dtor;
    private readonly EventRecord[] _mmTeardown;

    // per 2 KiB fragment
    private readonly ulong[] _attachedPmd;
    private readonly EventRecord[] _attached;
    private readonly EventRecord[] _detached;
    private readonly ulong[] _detachedFrom;
    private readonly int[] _coverOffset;
    private readonly int[] _coverCount;
    private readonly ulong[] _coverStrands;
    private readonly int[] _detachGeneration;
    private readonly int[] _fragmentGeneration;
    private readonly EventRecord[] _queued;
    private readonly bool[] _queuePending;
    private readonly EventRecord[] _reused;
    private readonly int[] _queueCallback;

    // The pte tables each strand's open reader section reached through a pmd, with that section's number: a
    // lockless walker's only way to a table. Strand-local: changed only by the strand's own pmd loads.
    private readonly List<List<(int Fragment, int Seq)>> _reached = new();

    public PageLifetimes(Machine machine, int pageCount, SectionSnapshots snapshots)
    {
        _machine = machine;
        _snapshots = snapshots;
        PageCount = pageCount;
        _state = new PageState[pageCount];
        _kind = new PageKind[pageCount];
        _order = new int[pageCount];
        _quarantined = new bool[pageCount];
        _listedOn = new ulong[pageCount];
        _mmSerial = new int[pageCount];
        _allocated = new EventRecord[pageCount];
        _freed = new EventRecord[pageCount];
        _listed = new EventRecord[pageCount];
        _unlisted = new EventRecord[pageCount];
        _rcuQueued = new EventRecord[pageCount];
        _rcuGpNeeded = new long[pageCount];
        _ctor = new EventRecord[pageCount];
        _dtor = new EventRecord[pageCount];
        _mmTeardown = new EventRecord[pageCount];

        var fragments = pageCount * 2;
        _attachedPmd = new ulong[fragments];
        _attached = new EventRecord[fragments];
        _detached = new EventRecord[fragments];
        _detachedFrom = new ulong[fragments];
        _coverOffset = new int[fragments];
        _coverCount = new int[fragments];
        _coverStrands = new ulong[fragments];
        _detachGeneration = new int[fragments];
        _fragmentGeneration = new int[fragments];
        _queued = new EventRecord[fragments];
        _queuePending = new bool[fragments];
        _reused = new EventRecord[fragments];
        _queueCallback = new int[fragments];
    }

    public int PageCount { get; }

    // ------------------------------------------------------------ reads (ILifetimeView)

    public PageState State(ulong pfn) => _state[pfn];

    public PageKind Kind(ulong pfn) => _kind[pfn];

    public int Order(ulong pfn) => _order[pfn];

    public ulong ListedOn(ulong pfn) => _listedOn[pfn];

    public int MmSerial(ulong pfn) => _mmSerial[pfn];

    public EventRecord Allocated(ulong pfn) => _allocated[pfn];

    public EventRecord Freed(ulong pfn) => _freed[pfn];

    public EventRecord Listed(ulong pfn) => _listed[pfn];

    public EventRecord Unlisted(ulong pfn) => _unlisted[pfn];

    public EventRecord RcuQueued(ulong pfn) => _rcuQueued[pfn];

    public long RcuGpNeeded(ulong pfn) => _rcuGpNeeded[pfn];

    public EventRecord Ctor(ulong pfn) => _ctor[pfn];

    public EventRecord Dtor(ulong pfn) => _dtor[pfn];

    public EventRecord MmTeardown(ulong pfn) => _mmTeardown[pfn];

    public ulong AttachedPmd(int fragment) => _attachedPmd[fragment];

    public EventRecord Attached(int fragment) => _attached[fragment];

    public EventRecord Detached(int fragment) => _detached[fragment];

    public int DetachGeneration(int fragment) => _detachGeneration[fragment];

    public int FragmentGeneration(int fragment) => _fragmentGeneration[fragment];

    public EventRecord Queued(int fragment) => _queued[fragment];

    public bool QueuePending(int fragment) => _queuePending[fragment];

    public EventRecord Reused(int fragment) => _reused[fragment];

    /// <summary>Detached from its pmd, and not handed out (nor attached) again since.</summary>
    public bool DetachedNow(int fragment) =>
        _detached[fragment].IsSet && _detachGeneration[fragment] == _fragmentGeneration[fragment];

    /// <summary>
    /// Would pointing the pmd at <paramref name="pmdp"/> to <paramref name="fragment"/> put it back where it
    /// was, unchanged in lifetime: detached from that very pmd, not handed out, queued or freed since. That
    /// is collapse_huge_page undoing its pmdp_collapse_flush (mm/khugepaged.c, "pmd_populate(mm, pmd,
    /// pmd_pgtable(_pmd))" when isolation fails): a reader still holding the old pmd value walks the same
    /// live table, which the kernel considers harmless, so it continues the table's life instead of
    /// starting a new one.
    /// </summary>
    public bool IsRestore(int fragment, ulong pmdp) =>
        DetachedNow(fragment) && _detachedFrom[fragment] == pmdp && !_queuePending[fragment]
        && !(_queued[fragment].IsSet && _queued[fragment].Step >= _detached[fragment].Step)
        && _state[(ulong)fragment / 2] == PageState.Allocated;

    /// <summary>
    /// The fragment is in its grace period: queued for RCU, or detached from its pmd and not handed out
    /// since. Stores into it, and handing it out, are judged by the reader sections.
    /// </summary>
    public bool InGracePeriod(int fragment) => _queuePending[fragment] || DetachedNow(fragment);

    /// <summary>The reader sections in the detach snapshot of <paramref name="fragment"/> that are still open.</summary>
    public IEnumerable<int> OpenCoveringReaders(int fragment)
    {
        var offset = _coverOffset[fragment];
        for (var i = 0; i < _coverCount[fragment]; i++)
        {
            var id = _snapshots.Strand(offset, i);
            var s = _machine.Strand(id);
            if (s.SectionOpen && s.SectionSeq == _snapshots.Seq(offset, i))
            {
                yield return id;
            }
        }
    }

    /// <summary>
    /// True when a reader that may hold <paramref name="fragment"/> from before its detach is still in that
    /// section; <paramref name="exceptStrand"/>'s own section does not count. A verdict: the step asking must
    /// have declared that it reads the sections of the detach snapshot's strands
    /// (<see cref="StrandStateAccess.ReadsEnds"/> or <see cref="StrandStateAccess.Reads"/> of at least
    /// <see cref="CoveringStrands"/>): it asks only whether recorded sections ended.
    /// </summary>
    public bool HasOpenCoveringReader(int fragment, out int reader, int exceptStrand = -1)
    {
        reader = -1;
        if (!_detached[fragment].IsSet)
        {
            return false;
        }

        var declared = _machine.Current.Declared;
        if (declared.StrandState is not (StrandStateAccess.Reads or StrandStateAccess.ReadsEnds)
            || (_coverStrands[fragment] & ~declared.ReadStrands) != 0)
        {
            throw new InvalidOperationException(
                $"emulator bug: a verdict on the reader sections of {Hex(Fragments.Address(fragment))} at a step that declared {OperationText(declared)} (not a read of the sections of its detach snapshot, strands 0x{_coverStrands[fragment]:x})");
        }

        foreach (var id in OpenCoveringReaders(fragment))
        {
            if (id == exceptStrand)
            {
                continue;
            }

            reader = id;
            return true;
        }

        return false;
    }

    /// <summary>
    /// The strands whose sections were open when <paramref name="fragment"/> was last detached, one bit each:
    /// the only strands whose section state a verdict on the fragment reads. Fragment state: a pmd store
    /// that detaches it again (and declares a write of the fragment) replaces it.
    /// </summary>
    public ulong CoveringStrands(int fragment) => _coverStrands[fragment];

    /// <summary>Is <paramref name="strand"/>'s current section one that was open at the detach of <paramref name="fragment"/>?</summary>
    public bool IsCoveringReader(int fragment, int strand)
    {
        if (!_detached[fragment].IsSet)
        {
            return false;
        }

        var s = _machine.Strand(strand);
        if (!s.SectionOpen)
        {
            return false;
        }

        var offset = _coverOffset[fragment];
        for (var i = 0; i < _coverCount[fragment]; i++)
        {
            if (_snapshots.Strand(offset, i) == strand && _snapshots.Seq(offset, i) == s.SectionSeq)
            {
                return true;
            }
        }

        return false;
    }

    // ------------------------------------------------------------ declarations

    /// <summary>
    /// A write of the lifetime state of page <paramref name="pfn"/> (both its 2 KiB fragments) added to
    /// <paramref name="operation"/>.
    /// </summary>
    public static Operation WithPageLifetime(Operation operation, ulong pfn, OperationKind kind = OperationKind.Write) =>
        operation.And(kind, pfn << PhysicalLayout.PageShift)
            .And(kind, (pfn << PhysicalLayout.PageShift) + (1UL << Fragments.Shift));

    /// <summary>
    /// <paramref name="operation"/> plus a write of page <paramref name="pfn"/>'s lifetime state, reading the
    /// sections of the detach snapshots of the page's fragments in their grace period (a hand-out is then
    /// judged by them).
    /// </summary>
    public Operation DeclarePageStep(Operation operation, ulong pfn)
    {
        operation = WithPageLifetime(operation, pfn);
        var f = (int)(pfn * 2);
        return InGracePeriod(f) || InGracePeriod(f + 1)
            ? operation.ReadingEnds(GracePeriodReaders(f) | GracePeriodReaders(f + 1))
            : operation;
    }

    /// <summary>
    /// <paramref name="operation"/>, a store that changes page <paramref name="pfn"/>'s _refcount from
    /// <paramref name="old"/> to <paramref name="next"/>, plus a write of the page's lifetime state; it reads
    /// the sections of a half's detach snapshot only when the store raises that half's A bit (hands it out),
    /// the one verdict at such a store that asks whether they ended (reduction 8 of issue 13; KERNEL.md).
    /// The declaration depends on the word's value, which the store declares, so it is computed again after
    /// the point (<see cref="Machine.ScheduleStore"/>).
    /// </summary>
    private Operation DeclareRefcountStore(Operation operation, ulong pfn, ulong old, ulong next)
    {
        operation = WithPageLifetime(operation, pfn);
        var rising = (uint)(next >> 56) & ~(uint)(old >> 56) & 0x3u;
        var judged = false;
        var readers = 0UL;
        for (var half = 0; half < 2; half++)
        {
            var f = (int)(pfn * 2) + half;
            if ((rising & (1u << half)) != 0 && InGracePeriod(f))
            {
                judged = true;
                readers |= _coverStrands[f];
            }
        }

        return judged ? operation.ReadingEnds(readers) : operation;
    }

    /// <summary>
    /// The strands a verdict on <paramref name="fragment"/> may consult: its detach snapshot's while it is in
    /// its grace period, none otherwise (reduction 2 of issue 13; KERNEL.md argues why it is sound).
    /// </summary>
    private ulong GracePeriodReaders(int fragment) => InGracePeriod(fragment) ? _coverStrands[fragment] : 0;

    /// <summary>
    /// A store or atomic read-modify-write of the word at <paramref name="pa"/>; <paramref name="op"/>,
    /// <paramref name="operand"/> and <paramref name="expected"/> say how the new value follows from the old
    /// one (a plain store is <see cref="RmwOp.Exchange"/>). What the store does to lifetime state is what
    /// <see cref="AfterStore"/> applies: a pmd store detaches the table it pointed to and attaches the one it
    /// will point to; a store to a pte table page's <c>_refcount</c> may free it or hand a half out.
    /// </summary>
    public Operation DeclareStore(OperationKind kind, ulong pa, RmwOp op, ulong operand, ulong expected)
    {
        var operation = new Operation(kind, _machine.ResourceOf(pa));
        if (!_machine.Memory.IsRam(pa))
        {
            return operation;
        }

        var pfn = pa >> PhysicalLayout.PageShift;
        if (_kind[pfn] == PageKind.Vmemmap)
        {
            var page = StructPage.PfnOf(pa);
            if (StructPage.WordOf(pa) == StructPage.Counts && page < (ulong)PageCount)
            {
                // _refcount: reaching 0 frees the page; s390's A bits hand its halves out.
                var old = _machine.Memory.Peek(pa);
                return DeclareRefcountStore(operation, page, old, RmwArithmetic.Apply(op, old, operand, expected));
            }

            return operation;
        }

        if (_kind[pfn] == PageKind.PmdTable)
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

            // A detach records the open sections that reached the table: it reads whether they end, and
            // no beginning (a new section reached nothing; reduction 13). An attach in the grace period is
            // judged by the attached table's snapshot.
            var readers = detaches != 0 ? ReachingStrands(Fragments.Of(detaches)) : 0;
            var judged = attaches != 0 && InGracePeriod(Fragments.Of(attaches));
            if (judged)
            {
                readers |= GracePeriodReaders(Fragments.Of(attaches));
            }

            return detaches != 0 || judged ? operation.ReadingEnds(readers) : operation;
        }

        var fragment = Fragments.Of(pa);
        return InGracePeriod(fragment) ? operation.ReadingEnds(GracePeriodReaders(fragment)) : operation;
    }

    /// <summary>
    /// <paramref name="step"/> plus the lifetime of the object that embeds the rcu_head at
    /// <paramref name="head"/>: a struct page's rcu_head (over <c>lru</c>) is its page's; other heads have none.
    /// </summary>
    public Operation WithEmbeddingObject(Operation step, ulong head)
    {
        var page = PageOfHead(head);
        return page >= 0 ? WithPageLifetime(step, (ulong)page) : step;
    }

    /// <summary>A step that changes the lifetime state of the fragments a (possibly tagged) table pointer names.</summary>
    public Operation TablesOf(ulong table)
    {
        var operation = Operation.Local;
        var (first, count) = FragmentsOf(table);
        for (var f = first; f < first + count; f++)
        {
            operation = operation.And(OperationKind.Write, Fragments.Address(f));
        }

        return operation;
    }

    // ------------------------------------------------------------ intent methods

    /// <summary>Boot: pfn 0 is reserved, the vmemmap pages are allocated to it.</summary>
    public void Boot()
    {
        _kind[0] = PageKind.Reserved;
        for (var pfn = 1UL; pfn < PhysicalLayout.FirstAllocatablePfn(PageCount); pfn++)
        {
            _kind[pfn] = PageKind.Vmemmap;
            _state[pfn] = PageState.Allocated;
        }
    }

    /// <summary>
    /// The page allocator hands page <paramref name="pfn"/> out: the step declares its lifetime (and the
    /// reader sections, when a fragment of it is in its grace period), the checkers see it with its past,
    /// then it starts a new life.
    /// </summary>
    public void HandOut(StrandState s, ulong pfn, PageKind kind, int order, bool quarantine, int mmSerial,
        string primitive, in Callsite site)
    {
        _machine.ScheduleLifetime(s, pfn);
        _machine.Hub.OnPageAlloc(pfn);
        RequirePage(pfn, "handing a page out");
        var record = _machine.Record(s, primitive, site);
        var reused = _state[pfn] == PageState.Free;
        _state[pfn] = PageState.Allocated;
        _kind[pfn] = kind;
        _order[pfn] = order;
        _quarantined[pfn] = quarantine || kind == PageKind.Mm;
        _mmSerial[pfn] = mmSerial;
        _allocated[pfn] = record;
        _listedOn[pfn] = 0;
        _rcuQueued[pfn] = default;
        _ctor[pfn] = default;
        _dtor[pfn] = default;
        for (var half = 0; half < 2; half++)
        {
            var f = (int)(pfn * 2) + half;
            _fragmentGeneration[f]++;
            _attachedPmd[f] = 0;
            _queuePending[f] = false;
            if (reused)
            {
                _reused[f] = record;
            }
        }
    }

    /// <summary>Page <paramref name="pfn"/> goes back to the allocator; returns whether it may be handed out again.</summary>
    public bool Free(ulong pfn, in EventRecord record)
    {
        RequirePage(pfn, "freeing a page");
        _state[pfn] = PageState.Free;
        _freed[pfn] = record;
        return !_quarantined[pfn];
    }

    /// <summary>pgtable ctor: from here on the page's _refcount carries s390's A/P byte.</summary>
    public void BecomePteTable(StrandState s, ulong pfn, in Callsite site)
    {
        _machine.ScheduleLifetime(s, pfn);
        RequirePage(pfn, "making a page a pte table");
        _kind[pfn] = PageKind.PteTable;
        _ctor[pfn] = _machine.Record(s, "pgtable_pte_page_ctor", site);
        _dtor[pfn] = default;
    }

    /// <summary>History for page dumps only (no verdict reads it): the pgtable dtor ran.</summary>
    public void RecordDtor(ulong pfn, in EventRecord record) => _dtor[pfn] = record;

    /// <summary>History for reports only (no verdict reads it): the mm of page <paramref name="pfn"/> was torn down.</summary>
    public void RecordMmTeardown(ulong pfn, in EventRecord record) => _mmTeardown[pfn] = record;

    /// <summary>A list primitive linked (head != 0) or unlinked the node at <paramref name="node"/>; kept with lru.next.</summary>
    public void NoteListed(ulong node, ulong head, in EventRecord record)
    {
        if (!_machine.Memory.IsRam(node) || _kind[node >> PhysicalLayout.PageShift] != PageKind.Vmemmap
            || StructPage.WordOf(node) != StructPage.LruNext)
        {
            return;
        }

        Require(_machine.ResourceOf(node), "a page's list membership");
        var pfn = StructPage.PfnOf(node);
        _listedOn[pfn] = head;
        if (head != 0)
        {
            _listed[pfn] = record;
        }
        else
        {
            _unlisted[pfn] = record;
        }
    }

    /// <summary>
    /// What a committed store did to lifetime state (as <see cref="DeclareStore"/> declared): a store into a
    /// pmd table detaches and attaches pte tables; a change of bits 24-31 of a pte table page's _refcount is
    /// s390's fragment byte changing (an A bit rising hands a 2K half out). The checkers see each change.
    /// </summary>
    public void AfterStore(in MemoryAccess a)
    {
        var pfn = a.Address >> PhysicalLayout.PageShift;
        var kind = _kind[pfn];
        if (kind == PageKind.PmdTable && a.OldValue != a.NewValue)
        {
            PmdChanged(a);
        }
        else if (kind == PageKind.Vmemmap && StructPage.WordOf(a.Address) == StructPage.Counts)
        {
            var oldMask = (uint)(a.OldValue >> 56);
            var newMask = (uint)(a.NewValue >> 56);
            var page = StructPage.PfnOf(a.Address);
            // The A/P byte means something only on s390 page-table pages (after the pgtable ctor).
            if (oldMask != newMask && page < (ulong)PageCount && _kind[page] == PageKind.PteTable)
            {
                _machine.Hub.OnFragmentMask(new Page(_machine, page), oldMask, newMask, a);
                HalvesHandedOut(page, oldMask, newMask, a);
            }
        }
    }

    /// <summary>A head was queued by call_rcu (<see cref="IRcuHeadListener"/>): a struct page's detached tables await a grace period.</summary>
    public void HeadQueued(ulong head, int callback, in EventRecord queued, long needed)
    {
        var page = PageOfHead(head);
        if (page < 0)
        {
            return;
        }

        var pfn = (ulong)page;
        RequirePage(pfn, "queueing a page's rcu_head");
        _rcuQueued[pfn] = queued;
        _rcuGpNeeded[pfn] = needed;
        for (var half = 0; half < 2; half++)
        {
            var f = (int)(pfn * 2) + half;
            if (DetachedNow(f) && _attachedPmd[f] == 0)
            {
                _queued[f] = queued;
                _queuePending[f] = true;
                _queueCallback[f] = callback;
            }
        }
    }

    /// <summary>The callback queued on <paramref name="head"/> starts: the tables it queued leave their queued state.</summary>
    public void CallbackStarting(ulong head, int callback)
    {
        var page = PageOfHead(head);
        if (page < 0)
        {
            return;
        }

        var pfn = (ulong)page;
        RequirePage(pfn, "starting a page's RCU callback");
        for (var half = 0; half < 2; half++)
        {
            var f = (int)(pfn * 2) + half;
            if (_queuePending[f] && _queueCallback[f] == callback)
            {
                _queuePending[f] = false;
            }
        }
    }

    /// <summary>tlb_remove_table queued <paramref name="table"/> (possibly tagged) in an mmu_gather batch: one step on its fragments.</summary>
    public void QueueInBatch(StrandState s, ulong table, in EventRecord record)
    {
        _machine.Schedule(s, TablesOf(table));
        var (first, count) = FragmentsOf(table);
        for (var f = first; f < first + count; f++)
        {
            Require(Fragments.Address(f), "queueing a table in a batch");
            _queued[f] = record;
            _queuePending[f] = true;
            _queueCallback[f] = -1;
        }
    }

    /// <summary>The batch's grace period ended: <paramref name="table"/> leaves its queued state (one step on its fragments).</summary>
    public void EndBatchQueue(StrandState s, ulong table)
    {
        _machine.Schedule(s, TablesOf(table));
        var (first, count) = FragmentsOf(table);
        for (var f = first; f < first + count; f++)
        {
            Require(Fragments.Address(f), "ending a table's batch queue");
            _queuePending[f] = false;
        }
    }

    public void Reset()
    {
        foreach (var reached in _reached)
        {
            reached.Clear();
        }

        Array.Clear(_state);
        Array.Clear(_kind);
        Array.Clear(_order);
        Array.Clear(_quarantined);
        Array.Clear(_listedOn);
        Array.Clear(_mmSerial);
        Array.Clear(_allocated);
        Array.Clear(_freed);
        Array.Clear(_listed);
        Array.Clear(_unlisted);
        Array.Clear(_rcuQueued);
        Array.Clear(_rcuGpNeeded);
        Array.Clear(_ctor);
        Array.Clear(_dtor);
        Array.Clear(_mmTeardown);
        Array.Clear(_attachedPmd);
        Array.Clear(_attached);
        Array.Clear(_detached);
        Array.Clear(_detachedFrom);
        Array.Clear(_coverOffset);
        Array.Clear(_coverCount);
        Array.Clear(_coverStrands);
        Array.Clear(_detachGeneration);
        Array.Clear(_fragmentGeneration);
        Array.Clear(_queued);
        Array.Clear(_queuePending);
        Array.Clear(_reused);
        Array.Clear(_queueCallback);
    }

    // ------------------------------------------------------------ helpers

    /// <summary>
    /// A load committed by <paramref name="strand"/>: a pmd read inside a reader section hands the section the
    /// table it points to. Only such sections can hold the table when it is detached, so only they cover it
    /// (a section that never read this pmd, as rcu_core running callbacks, cannot touch the table).
    /// </summary>
    public void AfterLoad(int strand, bool sectionOpen, int sectionSeq, ulong address, ulong value)
    {
        if (!sectionOpen || _kind[address >> PhysicalLayout.PageShift] != PageKind.PmdTable)
        {
            return;
        }

        var table = PageTableBits.PmdTableAddress(value);
        if (table == 0 || table >= _machine.Memory.End)
        {
            return;
        }

        while (_reached.Count <= strand)
        {
            _reached.Add(new List<(int, int)>());
        }

        var reached = _reached[strand];
        if (reached.Count > 0 && reached[0].Seq != sectionSeq)
        {
            reached.Clear();
        }

        var f = Fragments.Of(table);
        if (!reached.Contains((f, sectionSeq)))
        {
            reached.Add((f, sectionSeq));
        }
    }

    /// <summary>
    /// The strands whose last section, open or ended, reached <paramref name="fragment"/>, one bit each: a
    /// detach of it records those still open (<see cref="PmdChanged"/>), so its order against their ends
    /// matters, and it must stay declared after an end (reduction 13).
    /// </summary>
    private ulong ReachingStrands(int fragment)
    {
        var strands = 0UL;
        for (var id = 0; id < _machine.StrandCount; id++)
        {
            var s = _machine.Strand(id);
            if (s.Known && Reached(id, s.SectionSeq, fragment))
            {
                strands |= id < 64 ? 1UL << id : Operation.AllStrands;
            }
        }

        return strands;
    }

    private bool Reached(int strand, int sectionSeq, int fragment) =>
        strand < _reached.Count && _reached[strand].Contains((fragment, sectionSeq));

    private void PmdChanged(in MemoryAccess a)
    {
        var oldTable = PageTableBits.PmdTableAddress(a.OldValue);
        var newTable = PageTableBits.PmdTableAddress(a.NewValue);
        if (oldTable != 0 && oldTable < _machine.Memory.End)
        {
            var f = Fragments.Of(oldTable);
            Require(Fragments.Address(f), "detaching a table");
            _attachedPmd[f] = 0;
            _detachedFrom[f] = a.Address;
            _detached[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
            _detachGeneration[f] = _fragmentGeneration[f];
            _coverOffset[f] = _snapshots.Begin();
            var covering = 0UL;
            for (var id = 0; id < _machine.StrandCount; id++)
            {
                var s = _machine.Strand(id);
                if (s.Known && s.SectionOpen && id != a.Strand && Reached(id, s.SectionSeq, f))
                {
                    _snapshots.Add(id, s.SectionSeq);
                    covering |= id < 64 ? 1UL << id : Operation.AllStrands;
                }
            }

            _coverStrands[f] = covering;

            _coverCount[f] = _snapshots.CountSince(_coverOffset[f]);
            _machine.Hub.OnTableDetach(f, a);
        }

        if (newTable != 0 && newTable < _machine.Memory.End)
        {
            var f = Fragments.Of(newTable);
            _machine.Hub.OnTableAttach(f, a);
            Require(Fragments.Address(f), "attaching a table");
            if (IsRestore(f, a.Address))
            {
                // Put back where it was: the detach is undone, the table's life goes on.
                _detached[f] = default;
                _detachedFrom[f] = 0;
            }
            else if (DetachedNow(f))
            {
                // Attached again after a detach: a new life for the table.
                _fragmentGeneration[f]++;
                _reused[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
            }

            _attachedPmd[f] = a.Address;
            _attached[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
        }
    }

    private void HalvesHandedOut(ulong pfn, uint oldMask, uint newMask, in MemoryAccess a)
    {
        for (var half = 0; half < 2; half++)
        {
            var bit = 1u << half;
            if ((newMask & bit) != 0 && (oldMask & bit) == 0)
            {
                var f = (int)(pfn * 2) + half;
                Require(Fragments.Address(f), "handing a half out");
                _fragmentGeneration[f]++;
                _reused[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
            }
        }
    }

    /// <summary>The pfn whose struct page holds <paramref name="head"/> as its rcu_head (over lru), or -1.</summary>
    private long PageOfHead(ulong head) =>
        _machine.Memory.IsRam(head) && _kind[head >> PhysicalLayout.PageShift] == PageKind.Vmemmap
        && StructPage.WordOf(head) == StructPage.LruNext && StructPage.PfnOf(head) < (ulong)PageCount
            ? (long)StructPage.PfnOf(head)
            : -1;

    /// <summary>The 2K tables a (possibly tagged) table pointer names: s390's tag 3 means the whole 4K page.</summary>
    private (int First, int Count) FragmentsOf(ulong table)
    {
        var address = table & ~0x7ffUL;
        if (!_machine.Memory.IsRam(address))
        {
            return (0, 0);
        }

        return (table & 3) == 3
            ? (Fragments.Of(address & PhysicalLayout.PageMask), 2)
            : (Fragments.Of(address), 1);
    }

    /// <summary>The pte table a pmd value points to, when it is in RAM; else 0.</summary>
    private ulong TableOf(ulong pmd)
    {
        var table = PageTableBits.PmdTableAddress(pmd);
        return table != 0 && _machine.Memory.IsRam(table) ? table : 0;
    }

    private void RequirePage(ulong pfn, string what)
    {
        Require(pfn << PhysicalLayout.PageShift, what);
        Require((pfn << PhysicalLayout.PageShift) + (1UL << Fragments.Shift), what);
    }

    /// <summary>Lifetime state lives on <paramref name="resource"/>: the running step must have declared writing it.</summary>
    private void Require(ulong resource, string what)
    {
        var declared = _machine.Current.Declared;
        if (!declared.Writes(resource))
        {
            throw new InvalidOperationException(
                $"emulator bug: {what} changes lifetime state on {Hex(resource)} at a step that declared {OperationText(declared)}");
        }
    }

    private static string Hex(ulong value) => FindingSections.Hex(value);

    private static string OperationText(Operation operation) =>
        operation.AccessCount == 0 ? "no resource" : string.Join(", ", Enumerable.Range(0, operation.AccessCount)
            .Select(i => $"{operation.Access(i).Kind} {Hex(operation.Access(i).Resource)}"));
}
