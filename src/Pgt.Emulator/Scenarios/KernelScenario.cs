using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Scenarios;

/// <summary>Wraps a scenario written against the emulated kernel as an explorer <see cref="Scenario"/>.</summary>
public static class KernelScenario
{
    /// <summary>
    /// A scenario whose body gets a fresh <see cref="Machine"/> for each execution (it runs as strand 0,
    /// "main", on CPU 0, and spawns the other strands with <see cref="Machine.Spawn"/>).
    /// </summary>
    public static Scenario Create(string name, Action<Machine> body, MachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        options?.Validate();
        return new Scenario(name, execution => body(new Machine(execution, options)));
    }
}
