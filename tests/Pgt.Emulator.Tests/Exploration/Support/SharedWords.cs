using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>
/// A test-only shared memory: plain 8-byte words whose every access is a scheduling point, the way the
/// emulated kernel's loads and stores are. Word i lives at byte address 0x1000 + 8 i.
/// </summary>
internal sealed class SharedWords
{
    private const ulong Base = 0x1000;
    private readonly IExecution _execution;
    private readonly ulong[] _words;

    public SharedWords(IExecution execution, int count)
    {
        this._execution = execution;
        _words = new ulong[count];
    }

    public static ulong AddressOf(int index) => Base + (8UL * (ulong)index);

    public ulong Read(int index)
    {
        _execution.Point(new Operation(OperationKind.Read, AddressOf(index)));
        return _words[index];
    }

    public void Write(int index, ulong value)
    {
        _execution.Point(new Operation(OperationKind.Write, AddressOf(index)));
        _words[index] = value;
    }

    /// <summary>An atomic increment: one step, so it can never lose an update.</summary>
    public ulong AtomicIncrement(int index)
    {
        _execution.Point(new Operation(OperationKind.ReadModifyWrite, AddressOf(index)));
        return ++_words[index];
    }

    /// <summary>Reads without a scheduling point: for AtEnd checks and final-state snapshots.</summary>
    public ulong Peek(int index) => _words[index];

    public string Snapshot() => string.Join(",", _words);
}
