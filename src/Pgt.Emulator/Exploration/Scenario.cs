namespace Pgt.Emulator.Exploration;

/// <summary>
/// A program the explorer runs again and again. <paramref name="Body"/> runs as strand 0 ("main"): it
/// sets up the emulated machine and spawns the other strands. It must be deterministic: given the same
/// decisions it must do the same thing, so every source of nondeterminism goes through
/// <see cref="IExecution.ChooseBool"/> and <see cref="IExecution.ChooseInt"/>.
/// </summary>
public sealed record Scenario(string Name, Action<IExecution> Body);
