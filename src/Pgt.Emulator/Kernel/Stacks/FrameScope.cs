namespace Pgt.Emulator.Kernel;

/// <summary>
/// Pops the emulated frame pushed by <see cref="Machine.Enter"/> when disposed:
/// <c>using var _ = m.Enter("page_table_alloc");</c>
/// </summary>
public readonly struct FrameScope : IDisposable
{
    private readonly Machine? _machine;
    private readonly int _strand;
    private readonly int _previous;

    internal FrameScope(Machine machine, int strand, int previous)
    {
        this._machine = machine;
        this._strand = strand;
        this._previous = previous;
    }

    public void Dispose() => _machine?.PopFrame(_strand, _previous);
}
