using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// The RCU model (emulator.md B6). Readers are strands in any section (rcu_read_lock, irqs off,
/// preemption off, bh off, softirq). The grace-period kthread is a daemon strand: <c>gp_start</c> and
/// <c>gp_end</c> are scheduling points, so the explorer decides when grace periods end; <c>gp_end</c> waits
/// until every section open at the grace period's last request has ended: the request (call_rcu,
/// synchronize_rcu, or the end of the previous grace period when one was already requested) records the
/// open sections, as if the grace period started right after it (reduction 9 of issue 13; KERNEL.md). Callbacks queue per CPU with the first grace period that
/// starts after call_rcu; each CPU's softirq daemon runs its ready callbacks FIFO, one scheduling point
/// each. A CPU's queue is that CPU's resource (<see cref="Machine.CpuResource"/>, reduction 10 of issue 13);
/// what spans the CPUs (the callbacks running, which heads are queued) is <see cref="Machine.RcuResource"/>,
/// which queueing, taking and finishing only update (shared) and rcu_barrier reads; the grace periods are
/// another (<see cref="Machine.GracePeriodResource"/>, reduction 6): the grace-period kthread touches only
/// that one and, at gp_end, the grace periods completed (<see cref="Machine.CompletedGracePeriodsResource"/>,
/// reduction 11), the one thing a wait for a grace period reads; a softirq taking a callback whose grace period
/// has completed touches neither.
/// The reader sections are per-strand state (reduction 3): a step that snapshots them reads every strand's, a
/// wait on a snapshot reads whether its sections ended, so a reader's entry and exit conflict only with those,
/// and with its CPU's softirq. Like the kernel's RCU it knows nothing
/// of the objects that embed its heads: it tells an <see cref="IRcuHeadListener"/> (the page lifetimes)
/// that a head was queued or its callback is starting, and asks it what else those steps touch.
/// </summary>
internal sealed class RcuEngine : IRcuView
{
    private readonly Machine _machine;
    private readonly IRcuHeadListener _listener;
    private readonly Dictionary<ulong, int> _activeHeads = new();
    private readonly List<int>[] _queues = new List<int>[CpuTable.MaxCpus];
    private readonly int[] _queueHeads = new int[CpuTable.MaxCpus];
    private readonly int[] _softirqStrands = new int[CpuTable.MaxCpus];
    private readonly CallbackReadyCondition[] _readyConditions = new CallbackReadyCondition[CpuTable.MaxCpus];
    private readonly List<GpCompletedCondition> _syncWaits = new();
    private readonly List<IpiCondition> _ipiWaits = new();
    private readonly GpWorkCondition _gpWork;
    private readonly GpReadersGoneCondition _gpReadersGone;
    private readonly BarrierCondition _barrier;
    private CallbackRecord[] _records = new CallbackRecord[32];
    private int _recordCount;
    private bool _gpKthreadStarted;
    private int _gpSnapshotOffset;
    private int _gpSnapshotCount;
    // The strands whose recorded section was still open when the grace period started: the ones gp_end waits on.
    private ulong _gpWaitStrands;
    // The sections open at the last request of the grace period not yet started: the next gp_start waits on them.
    private int _requestRecordOffset;
    private int _requestRecordCount;
    private int _running;

    public RcuEngine(Machine machine, IRcuHeadListener listener)
    {
        _machine = machine;
        _listener = listener;
        for (var cpu = 0; cpu < CpuTable.MaxCpus; cpu++)
        {
            _queues[cpu] = new List<int>();
            _readyConditions[cpu] = new CallbackReadyCondition(this, cpu);
        }

        _gpWork = new GpWorkCondition(this);
        _gpReadersGone = new GpReadersGoneCondition(this);
        _barrier = new BarrierCondition(this);
        Reset();
    }

    /// <summary>
    /// How call_rcu's and synchronize_rcu's record of the open sections is declared. What consults them
    /// waits (gp_end; the take, after gp_end; synchronize_rcu's return) and cannot pass a
    /// recorded section's end, so an end just before the snapshot and one just after lead to the same
    /// futures: a <see cref="StrandStateAccess.Snapshots"/> (reduction 7 of issue 13; KERNEL.md). With grace
    /// periods broken (the oracle's own tests) the waits do not wait, and the snapshot is a full read.
    /// </summary>
    private StrandStateAccess SnapshotAccess =>
        _machine.Options.BreakGracePeriods ? StrandStateAccess.Reads : StrandStateAccess.Snapshots;

    /// <summary>The last completed grace period (rcu_state.gp_seq, counted in grace periods).</summary>
    public long Completed { get; private set; }

    /// <summary>The grace period in progress, or <see cref="Completed"/> when none is.</summary>
    public long Started { get; private set; }

    /// <summary>The highest grace period some callback or waiter needs.</summary>
    public long Requested { get; private set; }

    public bool AllCallbacksDone
    {
        get
        {
            if (_running > 0)
            {
                return false;
            }

            for (var cpu = 0; cpu < CpuTable.MaxCpus; cpu++)
            {
                if (_queueHeads[cpu] < _queues[cpu].Count)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public ref readonly CallbackRecord Callback(int index) => ref _records[index];

    public int ActiveCount => _activeHeads.Count;

    public void Reset()
    {
        _activeHeads.Clear();
        for (var cpu = 0; cpu < CpuTable.MaxCpus; cpu++)
        {
            _queues[cpu].Clear();
            _queueHeads[cpu] = 0;
            _softirqStrands[cpu] = -1;
        }

        Array.Clear(_records, 0, _recordCount);
        _recordCount = 0;
        Completed = Started = Requested = 0;
        _gpKthreadStarted = false;
        _gpSnapshotOffset = _gpSnapshotCount = 0;
        _gpWaitStrands = 0;
        _requestRecordOffset = _requestRecordCount = 0;
        _running = 0;
    }

    /// <summary>The callback record of a queued (debugobjects: active) head, or -1.</summary>
    public int ActiveRecord(ulong head) => _activeHeads.TryGetValue(head, out var r) ? r : -1;

    // ------------------------------------------------------------ call_rcu

    public void CallRcu(RcuHead head, RcuCallback fn, string fnName, in Callsite site)
    {
        var s = _machine.Current;
        _machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.RcuResource));
        // debug_rcu_head_queue: the checkers see an already active head here (ODEBUG activate active).
        _machine.Hub.OnCallRcu(head.Address, ActiveRecord(head.Address), site);
        var func = _machine.Functions.AddressOf(fn, fnName);
        _machine.WriteWord(head.Address + 8, func, View.RcuHeadFunc, AccessMode.Plain, "call_rcu", site);
        _machine.WriteWord(head.Address, 0, View.RcuHeadNext, AccessMode.Plain, "call_rcu", site);

        var cpu = s.Role == StrandRole.GracePeriodKthread ? 0 : s.Cpu;
        // rcu_segcblist_enqueue links the head behind this CPU's last queued one inside call_rcu's
        // local_irq_save section: that CPU's softirq cannot dequeue (and free) the tail in between, nor can
        // another call_rcu on the CPU append. So the link is a store of the queueing step itself, declared on
        // the tail seen when the step is reached; if the tail changed by the time the strand runs (the softirq
        // took it, or another strand of the CPU queued), the point is declared again before anything is done.
        var tail = QueueTail(cpu);
        _machine.Schedule(s, QueueOperation(cpu, head, tail));
        while (QueueTail(cpu) != tail)
        {
            tail = QueueTail(cpu);
            _machine.Schedule(s, QueueOperation(cpu, head, tail));
        }

        var index = NewRecord();
        ref var r = ref _records[index];
        r.Head = head.Address;
        r.Func = func;
        r.FuncName = fnName;
        r.Fn = fn;
        r.Needed = NextGracePeriod();
        r.Queued = _machine.Record(s, "call_rcu", site);
        r.Cpu = cpu;
        (r.SnapshotOffset, r.SnapshotCount) = SnapshotReaders(excludeStrand: -1);
        // The request's record: the grace period this callback needs waits for these sections.
        (_requestRecordOffset, _requestRecordCount) = (r.SnapshotOffset, r.SnapshotCount);
        Requested = Math.Max(Requested, r.Needed);
        _activeHeads[head.Address] = index;
        _listener.HeadQueued(head.Address, index, r.Queued, r.Needed);

        var callbacks = _queues[cpu];
        if (tail >= 0)
        {
            // rcu_segcblist_enqueue: the previous tail's next now points at this head.
            _machine.WriteWordNow(s, (ulong)tail, head.Address, View.RcuHeadNext, AccessMode.Once, "call_rcu", site);
        }

        callbacks.Add(index);
        EnsureDaemons(cpu);
    }

    /// <summary>The head of the last callback queued on <paramref name="cpu"/> and not yet taken, or -1.</summary>
    private long QueueTail(int cpu)
    {
        var callbacks = _queues[cpu];
        return _queueHeads[cpu] < callbacks.Count ? (long)_records[callbacks[^1]].Head : -1;
    }

    /// <summary>
    /// call_rcu's queueing step: the head becomes active, which is judged at every later store over its two
    /// words, so the step declares them, the tail it links to, and whatever the head's listener says the
    /// queueing changes. It reads the grace period started (which one it needs) and raises the one
    /// requested. The queue is this CPU's (reduction 10).
    /// </summary>
    private Operation QueueOperation(int cpu, RcuHead head, long tail)
    {
        var queue = new Operation(OperationKind.SharedUpdate, Machine.RcuResource)
            .And(OperationKind.ReadModifyWrite, Machine.CpuResource(cpu))
            .And(OperationKind.ReadModifyWrite, Machine.GracePeriodResource)
            .And(OperationKind.Write, _machine.ResourceOf(head.Address))
            .And(OperationKind.Write, _machine.ResourceOf(head.Address + 8))
            .With(SnapshotAccess); // The snapshot of open sections, for the oracle.
        if (tail >= 0)
        {
            queue = queue.And(OperationKind.Write, _machine.ResourceOf((ulong)tail));
        }

        return _listener.WithEmbeddingObject(queue, head.Address);
    }

    private int NewRecord()
    {
        if (_recordCount == _records.Length)
        {
            Array.Resize(ref _records, _records.Length * 2);
        }

        return _recordCount++;
    }

    /// <summary>
    /// rcu_seq_snap: the first grace period that starts after now. <see cref="Started"/> is <see cref="Completed"/>
    /// when none is in progress, so this reads only the grace-period state, not the completed ones.
    /// </summary>
    private long NextGracePeriod() => Started + 1;

    private (int Offset, int Count) SnapshotReaders(int excludeStrand)
    {
        var snapshots = _machine.Snapshots;
        var offset = snapshots.Begin();
        for (var id = 0; id < _machine.StrandCount; id++)
        {
            var st = _machine.Strand(id);
            if (st.Known && st.SectionOpen && id != excludeStrand)
            {
                snapshots.Add(id, st.SectionSeq);
            }
        }

        return (offset, snapshots.CountSince(offset));
    }

    /// <summary>
    /// The strands of a snapshot, one bit each (strands past 63 make it every strand); with
    /// <paramref name="stillOpen"/>, only those whose recorded section has not ended.
    /// </summary>
    private ulong StrandsOf(int offset, int count, bool stillOpen = false)
    {
        var snapshots = _machine.Snapshots;
        ulong strands = 0;
        for (var i = 0; i < count; i++)
        {
            if (stillOpen && !RecordedSectionOpen(offset, i))
            {
                continue;
            }

            var id = snapshots.Strand(offset, i);
            strands |= id < 64 ? 1UL << id : Operation.AllStrands;
        }

        return strands;
    }

    /// <summary>Whether the <paramref name="i"/>th section of a snapshot is still open (an ended one never is again).</summary>
    private bool RecordedSectionOpen(int offset, int i)
    {
        var snapshots = _machine.Snapshots;
        var st = _machine.Strand(snapshots.Strand(offset, i));
        return st.SectionOpen && st.SectionSeq == snapshots.Seq(offset, i);
    }

    private bool SectionsEnded(int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (RecordedSectionOpen(offset, i))
            {
                return false;
            }
        }

        return true;
    }

    private void EnsureDaemons(int cpu)
    {
        if (!_gpKthreadStarted)
        {
            _gpKthreadStarted = true;
            _machine.SpawnDaemon("rcu_gp_kthread", StrandRole.GracePeriodKthread, 0, GracePeriodKthread);
        }

        if (_softirqStrands[cpu] < 0)
        {
            _softirqStrands[cpu] = int.MaxValue;
            var id = _machine.SpawnDaemon($"rcu_softirq/{cpu}", StrandRole.Softirq, cpu, () => Softirq(cpu));
            _softirqStrands[cpu] = id.Value;
        }
    }

    // ------------------------------------------------------------ the IPI of tlb_remove_table_sync_one

    /// <summary>
    /// tlb_remove_table_sync_one: an IPI to every CPU, waited for. It ends only irq-off sections: this
    /// is not a grace period for rcu_read_lock readers (mm/mmu_gather.c says so). It is here because it
    /// waits the way synchronize_rcu does, on a snapshot of sections, with the RCU state as its resource.
    /// </summary>
    public void SyncOne(in Callsite site)
    {
        var s = _machine.Current;
        if (s.IrqDepth > 0)
        {
            _machine.Fail(_machine.Faults.SleepInAtomic(s, "tlb_remove_table_sync_one", site,
                "smp_call_function() with irqs disabled waits for itself"));
        }

        _machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.RcuResource).With(StrandStateAccess.Snapshots));
        var snapshots = _machine.Snapshots;
        var offset = snapshots.Begin();
        for (var id = 0; id < _machine.StrandCount; id++)
        {
            var st = _machine.Strand(id);
            if (st.Known && st.IrqOffOpen && id != s.Id)
            {
                snapshots.Add(id, st.IrqSeq);
            }
        }

        var wait = Wait(_ipiWaits, s.Id, static m => new IpiCondition(m), _machine);
        wait.Offset = offset;
        wait.Count = snapshots.CountSince(offset);
        _machine.WaitUntil(s, wait, new Operation(OperationKind.ReadModifyWrite, Machine.RcuResource)
            .ReadingEnds(StrandsOf(offset, wait.Count)));
    }

    public bool IrqSectionsEnded(int offset, int count)
    {
        var snapshots = _machine.Snapshots;
        for (var i = 0; i < count; i++)
        {
            var st = _machine.Strand(snapshots.Strand(offset, i));
            if (st.IrqOffOpen && st.IrqSeq == snapshots.Seq(offset, i))
            {
                return false;
            }
        }

        return true;
    }

    // ------------------------------------------------------------ the grace-period kthread

    private void GracePeriodKthread()
    {
        var s = _machine.Current;
        using var frame = _machine.Enter("rcu_gp_kthread");
        // gp_start takes the record of its last request; gp_end waits until the record's sections ended. Neither
        // touches the callback queues: a callback becomes ready through the grace period it needs.
        var start = new Operation(OperationKind.ReadModifyWrite, Machine.GracePeriodResource);
        while (true)
        {
            _machine.WaitUntil(s, _gpWork, start);
            // rcu_gp_init: the readers in a section at the last request must all leave it before this grace
            // period ends. A reader that began since is not waited for: the kernel's grace period may have
            // started right after that request.
            Started = Completed + 1;
            (_gpSnapshotOffset, _gpSnapshotCount) = (_requestRecordOffset, _requestRecordCount);
            _gpWaitStrands = WaitedStrands(_gpSnapshotOffset, _gpSnapshotCount);
            var end = GpEnd();
            while (true)
            {
                _machine.WaitUntil(s, _gpReadersGone, end);
                var now = GpEnd();
                if (now == end)
                {
                    break;
                }

                end = now;
            }

            // rcu_gp_cleanup; a grace period requested while this one ran can start no earlier than now.
            Completed = Started;
            if (Requested > Completed)
            {
                (_requestRecordOffset, _requestRecordCount) = SnapshotReaders(s.Id);
            }
        }
    }

    /// <summary>
    /// gp_end's step: it reads whether the grace period's recorded sections ended (of the strands whose one was
    /// still open at gp_start, reduction 12), writes the grace periods completed, and, when another grace
    /// period was requested meanwhile, records every open section for it (a full read of the sections).
    /// Calls change <see cref="Requested"/> while gp_end waits, so the kthread declares it again after the point.
    /// </summary>
    private Operation GpEnd()
    {
        var end = new Operation(OperationKind.ReadModifyWrite, Machine.GracePeriodResource)
            .And(OperationKind.Write, Machine.CompletedGracePeriodsResource);
        return Requested > Started ? end.With(StrandStateAccess.Reads) : end.ReadingEnds(_gpWaitStrands);
    }

    /// <summary>
    /// The strands of a record whose recorded section is still open (reduction 12 of issue 13; KERNEL.md): one
    /// that has ended stays ended, so nothing its strand does later changes what gp_end waits for. Taking
    /// this at gp_start is a record of open sections among the recorded ones, which commutes with their
    /// ends (reduction 7) and meets no beginning (a new section is never a recorded one). With grace periods
    /// broken on purpose the waits do not wait, and every strand of the record stays.
    /// </summary>
    private ulong WaitedStrands(int offset, int count) =>
        StrandsOf(offset, count, stillOpen: !_machine.Options.BreakGracePeriods);

    public bool GpReadersGone() =>
        _machine.Options.BreakGracePeriods || SectionsEnded(_gpSnapshotOffset, _gpSnapshotCount);

    public string DescribeGpWait()
    {
        var snapshots = _machine.Snapshots;
        var waiting = new List<string>();
        for (var i = 0; i < _gpSnapshotCount; i++)
        {
            if (RecordedSectionOpen(_gpSnapshotOffset, i))
            {
                var id = snapshots.Strand(_gpSnapshotOffset, i);
                var st = _machine.Strand(id);
                waiting.Add($"T{id} ({st.SectionKind} since step {st.SectionStep})");
            }
        }

        return $"grace period {Started} to end: readers still in their sections: {string.Join(", ", waiting)}";
    }

    // ------------------------------------------------------------ the softirq that runs callbacks

    public bool CallbackReady(int cpu)
    {
        var queue = _queues[cpu];
        return _queueHeads[cpu] < queue.Count && _records[queue[_queueHeads[cpu]]].Needed <= Completed
            && _machine.Cpus.MayInterrupt(cpu);
    }

    /// <summary>
    /// One CPU's RCU softirq. Taking a callback (rcu_do_batch: dequeue, debug_rcu_head_unqueue, the oracle,
    /// reading the callback) is one step on the RCU state, the head's two words and what the head's listener
    /// adds (a struct page's tables); it also enters the softirq's read-side section, as leaving it does at
    /// the end. Which head is next is known only once the callback is ready, so the wait is declared with
    /// the head seen when waiting began, and renewed if another one is first.
    /// </summary>
    private void Softirq(int cpu)
    {
        var s = _machine.Current;
        var queue = _queues[cpu];
        var wait = TakeNextCallback(cpu);
        while (true)
        {
            _machine.WaitUntil(s, _readyConditions[cpu], wait);
            // A callback that became ready while the take waited keeps the wait's read of the grace periods
            // completed: declaring more is sound, and a second point would only add interleavings.
            var now = TakeNextCallback(cpu);
            if (now != wait && now.And(OperationKind.Read, Machine.CompletedGracePeriodsResource) != wait)
            {
                wait = now;
                continue;
            }

            var index = queue[_queueHeads[cpu]++];
            _running++;
            _machine.Cpus.BeginInterrupt(cpu, s.Id);
            _machine.ApplyContext(s, ContextKind.Softirq, +1, "rcu_core", default);
            Invoke(s, index);
            _machine.Schedule(s, new Operation(OperationKind.SharedUpdate, Machine.RcuResource)
                .And(OperationKind.ReadModifyWrite, Machine.CpuResource(cpu)).With(StrandStateAccess.WritesOwn));
            _machine.ApplyContext(s, ContextKind.Softirq, -1, "rcu_core", default);
            _machine.Cpus.EndInterrupt(cpu);
            _running--;
            wait = TakeNextCallback(cpu);
        }
    }

    /// <summary>The step that takes the next callback queued on <paramref name="cpu"/>, as the queue is now.</summary>
    private Operation TakeNextCallback(int cpu)
    {
        if (_queueHeads[cpu] >= _queues[cpu].Count)
        {
            return TakeCallback(cpu, -1, gracePeriodCompleted: false);
        }

        ref readonly var next = ref _records[_queues[cpu][_queueHeads[cpu]]];
        return TakeCallback(cpu, (long)next.Head, gracePeriodCompleted: next.Needed <= Completed);
    }

    /// <summary>
    /// The step that takes the callback queued at <paramref name="head"/> (-1: none queued yet): the callback
    /// queues, the head's two words (unqueued, the callback read) and what the listener adds (for a struct
    /// page's rcu_head, the lifetime of that page's tables: they leave their queued state). Until the grace
    /// period the callback needs has completed, the wait also reads the grace periods completed, which gp_end
    /// writes to make it ready (not gp_start: reduction 11); after that no step can make it unready again
    /// (grace periods only complete), so the take no longer depends on later grace periods (reduction 6 of
    /// issue 13; KERNEL.md).
    /// </summary>
    private Operation TakeCallback(int cpu, long head, bool gracePeriodCompleted)
    {
        // Whether the softirq may interrupt the CPU, and then that it does, is the CPU's hand-off state; the
        // take begins the softirq's section (it ends at the step after the callback).
        var take = new Operation(OperationKind.SharedUpdate, Machine.RcuResource)
            .And(OperationKind.ReadModifyWrite, Machine.CpuResource(cpu)).With(StrandStateAccess.OpensOwn);
        if (head < 0)
        {
            return take;
        }

        take = _listener.WithEmbeddingObject(take.And(OperationKind.Read, _machine.ResourceOf((ulong)head))
            .And(OperationKind.Read, _machine.ResourceOf((ulong)head + 8)), (ulong)head);
        return gracePeriodCompleted ? take : take.And(OperationKind.Read, Machine.CompletedGracePeriodsResource);
    }

    private void Invoke(StrandState s, int index)
    {
        using var core = _machine.Enter("rcu_core");
        using var batch = _machine.Enter("rcu_do_batch");
        var head = _records[index].Head;
        var site = new Callsite("rcu_do_batch", "kernel/rcu/tree.c", 0);
        // debug_rcu_head_unqueue, then the oracle: every section open at call_rcu must have ended.
        _activeHeads.Remove(head);
        _records[index].Invoked = true;
        _machine.Hub.OnCallbackInvoke(index);
        // Read the callback at the step that took it (it declared the read): a store that overwrote the head
        // conflicts with it, so DPOR also tries the store while the head is still queued. The listener
        // hears of it at that step too (the tables of a page's head leave their queued state).
        var func = _machine.ReadWordNow(s, head + 8, View.RcuHeadFunc, AccessMode.Plain, "rcu_do_batch", site);
        _listener.CallbackStarting(head, index);
        if (!_machine.Functions.TryResolve(func, out var fn, out _) || fn is not RcuCallback callback)
        {
            _machine.Fail(_machine.Faults.CorruptedCallback(s, index, func));
            return;
        }

        // The callback's frame: a lambda's primitives name the member that wrote it, so without it a report
        // would show that member as running; a callback that enters a frame of its own renames it.
        using var frame = _machine.EnterCallback(CallbackNames.FrameOf(callback, _records[index].FuncName, _records[index].Queued.Site));
        callback(new RcuHead(_machine, head));
    }

    // ------------------------------------------------------------ synchronous waits

    public void SynchronizeRcu(in Callsite site)
    {
        var s = _machine.Current;
        if (s.IsReader)
        {
            _machine.Fail(_machine.Faults.SleepInAtomic(s, "synchronize_rcu", site,
                "Illegal synchronize_rcu() in RCU read-side critical section"));
        }

        // It reads the grace period started and raises the one requested, snapshots every section, and may
        // start the daemons (callback state); its wait reads the grace periods completed.
        _machine.Schedule(s, new Operation(OperationKind.ReadModifyWrite, Machine.GracePeriodResource)
            .And(OperationKind.ReadModifyWrite, Machine.RcuResource).With(SnapshotAccess));
        var call = _machine.Record(s, "synchronize_rcu", site);
        var needed = NextGracePeriod();
        Requested = Math.Max(Requested, needed);
        var (offset, count) = SnapshotReaders(s.Id);
        (_requestRecordOffset, _requestRecordCount) = (offset, count);
        EnsureDaemons(s.Role == StrandRole.GracePeriodKthread ? 0 : s.Cpu);
        var wait = Wait(_syncWaits, s.Id, static rcu => new GpCompletedCondition(rcu), this);
        wait.Target = needed;
        // It waits for a grace period to complete; the oracle judges the snapshot's sections at the return.
        _machine.WaitUntil(s, wait, new Operation(OperationKind.Read, Machine.CompletedGracePeriodsResource)
            .ReadingEnds(StrandsOf(offset, count)));
        _machine.Hub.OnSynchronizeRcuDone(offset, count, call);
    }

    public void RcuBarrier()
    {
        var s = _machine.Current;
        _machine.WaitUntil(s, _barrier, new Operation(OperationKind.ReadModifyWrite, Machine.RcuResource));
    }

    private static T Wait<T, TState>(List<T> waits, int strand, Func<TState, T> create, TState state)
    {
        while (waits.Count <= strand)
        {
            waits.Add(create(state));
        }

        return waits[strand];
    }
}
