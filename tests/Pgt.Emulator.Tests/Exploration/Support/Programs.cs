using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Tests.Exploration.Support;

/// <summary>Small programs shared by several tests.</summary>
internal static class Programs
{
    /// <summary>Two strands write different words: one final state, nothing to find.</summary>
    public static Scenario IndependentWriters() => new("independent-writers", execution =>
    {
        var memory = new SharedWords(execution, 2);
        execution.Spawn("a", () => memory.Write(0, 1));
        execution.Spawn("b", () => memory.Write(1, 2));
    });

    /// <summary>Two unlocked read-increment-write sequences on one counter; the AtEnd check fails on a lost update.</summary>
    public static Scenario LostUpdate() => new("lost-update", execution =>
    {
        var memory = new SharedWords(execution, 1);
        execution.Spawn("inc-a", () => memory.Write(0, memory.Read(0) + 1));
        execution.Spawn("inc-b", () => memory.Write(0, memory.Read(0) + 1));
        execution.AtEnd(() =>
        {
            if (memory.Peek(0) != 2)
            {
                execution.Fail(new Finding("lost-update", $"BUG: EMU: lost update: counter is {memory.Peek(0)}", []));
            }
        });
    });
}
