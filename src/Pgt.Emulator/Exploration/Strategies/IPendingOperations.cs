namespace Pgt.Emulator.Exploration.Strategies;

/// <summary>The next operation of each strand; the execution provides it.</summary>
internal interface IPendingOperations
{
    Operation PendingOf(int strand);
}
