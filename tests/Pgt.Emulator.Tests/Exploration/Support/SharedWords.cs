using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>
/// A test-only shared memory: plain 8-byte words whose every access is a scheduling point, the way the
/// emulated kernel's loads and stores are. Word i lives at byte address 0x1000 + 8 i.
/// </summary>
internal sealed class SharedWords
{
    private const ulong Base = 0x1000;
    private readonly IExecution execution;
    private readonly ulong[] words;

    public SharedWords(IExecution execution, int count)
    {
        this.execution = execution;
        words = new ulong[count];
    }

    public static ulong AddressOf(int index) => Base + (8UL * (ulong)index);

    public ulong Read(int index)
    {
        execution.Point(new Operation(OperationKind.Read, AddressOf(index)));
        return words[index];
    }

    public void Write(int index, ulong value)
    {
        execution.Point(new Operation(OperationKind.Write, AddressOf(index)));
        words[index] = value;
    }

    /// <summary>An atomic increment: one step, so it can never lose an update.</summary>
    public ulong AtomicIncrement(int index)
    {
        execution.Point(new Operation(OperationKind.ReadModifyWrite, AddressOf(index)));
        return ++words[index];
    }

    /// <summary>Reads without a scheduling point: for AtEnd checks and final-state snapshots.</summary>
    public ulong Peek(int index) => words[index];

    public string Snapshot() => string.Join(",", words);
}
