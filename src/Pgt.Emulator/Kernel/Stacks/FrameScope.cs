namespace Pgt.Emulator.Kernel;

/// <summary>
/// Pops the emulated frame pushed by <see cref="Machine.Enter"/> when disposed:
/// <c>using var _ = m.Enter("page_table_alloc");</c>
/// </summary>
public readonly struct FrameScope : IDisposable
{
    private readonly Machine? machine;
    private readonly int strand;
    private readonly int previous;

    internal FrameScope(Machine machine, int strand, int previous)
    {
        this.machine = machine;
        this.strand = strand;
        this.previous = previous;
    }

    public void Dispose() => machine?.PopFrame(strand, previous);
}
