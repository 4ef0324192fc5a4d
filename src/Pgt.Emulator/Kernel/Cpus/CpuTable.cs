namespace Pgt.Emulator.Kernel;

/// <summary>
/// Emulated CPUs. A task that disables irqs, preemption or bh owns its CPU until it enables them again;
/// a softirq interrupts a CPU whose owner has irqs and bh enabled, and while it runs, no task of that
/// CPU runs. This is what turns Gerald's lock-context bug (M9) into a real self-deadlock.
/// </summary>
internal sealed class CpuTable
{
    public const int MaxCpus = 64;

    private readonly int[] _occupant = new int[MaxCpus];
    private readonly int[] _interruptedBy = new int[MaxCpus];
    private readonly Func<int, StrandState> _strandOf;

    public CpuTable(Func<int, StrandState> strandOf)
    {
        this._strandOf = strandOf;
        Reset();
    }

    /// <summary>CPUs that have had a task bound to them in this execution.</summary>
    public int Count { get; private set; }

    public void Reset()
    {
        Array.Fill(_occupant, -1);
        Array.Fill(_interruptedBy, -1);
        Count = 0;
    }

    public void Bind(StrandState strand, int cpu)
    {
        if (cpu is < 0 or >= MaxCpus)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), $"CPU {cpu} is out of range 0..{MaxCpus - 1}");
        }

        strand.Cpu = cpu;
        Count = Math.Max(Count, cpu + 1);
    }

    public int Occupant(int cpu) => _occupant[cpu];

    public int InterruptedBy(int cpu) => _interruptedBy[cpu];

    public bool MayRun(StrandState s)
    {
        if (s.Role != StrandRole.Process)
        {
            return true;
        }

        var o = _occupant[s.Cpu];
        return (o == -1 || o == s.Id) && _interruptedBy[s.Cpu] == -1;
    }

    /// <summary>Called after a depth change of a task.</summary>
    public void Update(StrandState s)
    {
        if (s.Role != StrandRole.Process)
        {
            return;
        }

        if (s.NonPreemptible)
        {
            _occupant[s.Cpu] = s.Id;
        }
        else if (_occupant[s.Cpu] == s.Id)
        {
            _occupant[s.Cpu] = -1;
        }
    }

    /// <summary>A softirq may run on <paramref name="cpu"/> now.</summary>
    public bool MayInterrupt(int cpu)
    {
        if (_interruptedBy[cpu] != -1)
        {
            return false;
        }

        var o = _occupant[cpu];
        return o == -1 || _strandOf(o).SoftirqsEnabled;
    }

    public void BeginInterrupt(int cpu, int softirqStrand) => _interruptedBy[cpu] = softirqStrand;

    public void EndInterrupt(int cpu) => _interruptedBy[cpu] = -1;
}
